import type { QueryVectors } from './query-vectors.js';
import { CANDIDATES_PER_PASSAGE, type Retriever } from './retriever.js';

/** Nearest vectors alone: what answers while a damaged full-text index is rebuilt. */
export function vectorRetriever(vectors: QueryVectors): Retriever {
  return {
    async retrieve({ index, query, depth, within, signal }) {
      const embedded = await vectors.of(query, signal);
      if (!embedded) throw new Error('the question has no embedding to search by');
      return Promise.all(embedded.map((vector) => index.vectorSearch(vector, depth * CANDIDATES_PER_PASSAGE, within)));
    },
  };
}
