import { compactFromPackage, EnglishChinese, type Gloss } from './english-chinese.js';

/**
 * Offline bridge from English questions to the Chinese pages: CC-CEDICT read backwards. No
 * embedding model runs offline, so without this an English question would share no word with any
 * passage. Only Chinese words that occur in the index are kept.
 */
let dictionary: EnglishChinese | null = null;

/** Uses this dictionary from now on (a prepared copy, read at start: see dictionary-file.ts). */
export function useDictionary(prepared: EnglishChinese): void {
  dictionary = prepared;
}

/** The dictionary in use; a process that prepared none builds it here, once (a second or more). */
function englishChinese(): EnglishChinese {
  dictionary ??= new EnglishChinese(compactFromPackage());
  return dictionary;
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
  const dictionary = englishChinese();
  const lookup = (key: string, exactOnly: boolean): Gloss[] =>
    baseForms(key)
      .flatMap((form) => dictionary.glosses(form))
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
