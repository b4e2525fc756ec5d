import type { Passage } from '../../domain/types.js';
import type { Postprocessor } from './postprocessor.js';

/**
 * The lists of a compound question's parts taken in turn, rank by rank, so that each part gets its
 * passages (a question about two articles finds both); a passage found twice stands once.
 */
export const interleaveParts: Postprocessor = {
  process: async (lists) => [interleave(lists)],
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
