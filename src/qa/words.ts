import type { TermCounts } from '../index/terms.js';

/** How often the indexed passages use a word: rare words say more about what a question asks. */
export interface WordStatistics {
  /** The share of passages the word occurs in (0 when the pages never use it). */
  share(word: string): number;
  /** Inverse document frequency; null for a word the pages never use. */
  rarity(word: string): number | null;
  /** The rarity of a word that occurs in one passage. */
  readonly rarest: number;
}

/** The statistics of one index snapshot: a question reads them all from the same one. */
export function wordStatistics(terms: Pick<TermCounts, 'of' | 'passages'>): WordStatistics {
  return {
    share: (word) => terms.of(word) / Math.max(1, terms.passages),
    rarity(word) {
      const frequency = terms.of(word);
      return frequency ? Math.log(1 + terms.passages / frequency) : null;
    },
    rarest: Math.log(1 + terms.passages),
  };
}
