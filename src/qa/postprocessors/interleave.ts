import type { Passage } from '../../domain/types.js';
import type { Postprocessor } from './postprocessor.js';
import { comparedEvents } from '../query/compare.js';

/**
 * The lists of a compound question's parts taken in turn, rank by rank, so that each part gets its
 * passages (a question about two articles finds both); a passage found twice stands once. The
 * events a question compares in time come before the whole question, whose best passages tell
 * of one of them at most.
 */
export const interleaveParts: Postprocessor = {
  process: async (lists, { query }) => [
    interleave(lists.length > 1 && comparedEvents(query.question).length ? [...lists.slice(1), lists[0]] : lists),
  ],
};

export function interleave(lists: Passage[][]): Passage[] {
  const merged: Passage[] = [];
  const seen = new Set<string>();
  for (let rank = 0; lists.some((list) => rank < list.length); rank++) {
    for (const list of lists) {
      const passage = list[rank];
      if (passage && !seen.has(passage.id)) {
        seen.add(passage.id);
        merged.push(passage);
      }
    }
  }
  return merged;
}
