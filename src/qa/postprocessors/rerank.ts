import type { Passage } from '../../domain/types.js';
import type { Reranker } from '../../adapters/rerank.js';
import type { Postprocessor } from './postprocessor.js';

/** Fused candidates a reranker reorders: enough to lift a passage from well below the cut. */
export const RERANK_CANDIDATES = 20;

/**
 * The candidates in the reranker's order (RERANK_MODEL), cut to the depth the answer reads; in
 * their fused order when it fails (`failed` hears of it).
 */
export function rerank(reranker: Reranker, failed: (error: Error) => void = () => {}): Postprocessor {
  const reorder = async (question: string, candidates: Passage[], signal?: AbortSignal): Promise<Passage[]> => {
    if (candidates.length < 2) return candidates;
    try {
      const documents = candidates.map((passage) => `${passage.headline}\n${passage.text}`);
      const scores = await reranker.rerank(question, documents, { signal });
      return candidates
        .map((passage, i) => ({ passage, score: scores[i] }))
        .sort((a, b) => b.score - a.score)
        .map(({ passage }) => passage);
    } catch (error) {
      failed(error as Error);
      return candidates;
    }
  };
  return {
    process: (lists, { query, depth, signal }) =>
      Promise.all(lists.map(async (list) => (await reorder(query.question, list, signal)).slice(0, depth))),
  };
}
