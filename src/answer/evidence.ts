import type { Passage } from '../types.js';
import type { TermGroup } from '../retrieve/query.js';
import { comparable } from '../text/normalize.js';
import { splitSentences } from '../ingest/chunk.js';

/** How rare a word is in the index: rare words say more about what a question asks. */
export type Rarity = (word: string) => number;

export interface ScoredSentence {
  passageRank: number;
  sentence: string;
  /** Share of the question's weighted terms this sentence states (its neighbours count half). */
  coverage: number;
  matched: Set<string>;
}

function weight(group: TermGroup, rarity: Rarity): number {
  const best = Math.max(...group.forms.map(rarity));
  // A single character (投, 票) is a weak clue on its own.
  return [...group.label].length === 1 && /\p{Script=Han}/u.test(group.label) ? best * 0.4 : best;
}

function mentions(text: string, group: TermGroup): boolean {
  return group.forms.some((form) => text.includes(form));
}

/** Every sentence of the retrieved passages, scored by how much of the question it answers. */
export function scoreSentences(groups: TermGroup[], passages: Passage[], rarity: Rarity): ScoredSentence[] {
  const weights = groups.map((group) => weight(group, rarity));
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  return passages.flatMap((passage, passageRank) => {
    const sentences = splitSentences(passage.text).filter((sentence) => sentence.trim().length > 1);
    const plain = sentences.map(comparable);
    const headline = comparable(passage.headline);
    return sentences.map((sentence, i) => {
      const context = `${headline}|${plain[i - 1] ?? ''}|${plain[i + 1] ?? ''}`;
      let covered = 0;
      const matched = new Set<string>();
      groups.forEach((group, g) => {
        if (mentions(plain[i], group)) {
          covered += weights[g];
          matched.add(group.label);
        } else if (mentions(context, group)) {
          covered += weights[g] / 2;
        }
      });
      return { passageRank, sentence: sentence.trim(), coverage: covered / total, matched };
    });
  });
}

/** Proper names of the question that none of the given passages mention. */
export function missingNames(groups: TermGroup[], passages: Passage[], known: (word: string) => boolean): string[] {
  const text = passages.map((passage) => comparable(`${passage.headline}|${passage.text}`)).join('|');
  return groups.filter((group) => group.name && known(group.label) && !mentions(text, group)).map((group) => group.label);
}
