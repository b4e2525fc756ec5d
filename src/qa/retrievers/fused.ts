import type { Passage } from '../../domain/types.js';
import { fullTextRetriever } from './full-text.js';
import type { QueryVectors } from './query-vectors.js';
import {
  CANDIDATES_PER_PASSAGE,
  type Queue,
  type RetrieveRequest,
  type Retriever,
  type RetrieverEvents,
} from './retriever.js';
import { vectorRetriever } from './vector.js';

/**
 * From this many passages a lexical embedder's vectors are not searched: measured by `npm run
 * bench` on the question set, they find no more than the word index at 1,000 pages (recall@5
 * 0.68 both) and less at 4,000 (0.65 against 0.68), at three times the cost of a question.
 * Over a few pages they do help (0.97 against 0.94 over the five real pages).
 */
export const LEXICAL_VECTORS_MAX_PASSAGES = 5_000;

export interface FusedRetrieverOptions {
  vectors: QueryVectors;
  events?: RetrieverEvents;
  /** Runs the index searches; the embedding call is not queued. */
  queue?: Queue;
}

function hybrid({ index, query, depth, within }: RetrieveRequest, vectors: Float32Array[]): Promise<Passage[][]> {
  return Promise.all(
    query.parts.map((part, i) => index.hybridSearch(vectors[i], part.ftsQuery, depth * CANDIDATES_PER_PASSAGE, within)),
  );
}

/**
 * Words and vectors fused by the index (reciprocal-rank fusion). Words alone when the question
 * could not be embedded, or when a lexical embedder's vectors add nothing at this size; vectors
 * alone when the word search fails (reported, so that the index is mended).
 */
export function fusedRetriever({
  vectors,
  events = {},
  queue = (search) => search(),
}: FusedRetrieverOptions): Retriever {
  const nearest = vectorRetriever(vectors);
  return {
    async retrieve(request) {
      const wordsOnly = vectors.embedder.lexical && request.index.terms.passages >= LEXICAL_VECTORS_MAX_PASSAGES;
      const embedded = wordsOnly ? null : await vectors.of(request.query, request.signal);
      return queue(async () => {
        try {
          return await (embedded ? hybrid(request, embedded) : fullTextRetriever.retrieve(request));
        } catch (error) {
          if (request.signal?.aborted) throw error;
          events.searchFailed?.(error as Error);
          if (!embedded) throw error;
          return nearest.retrieve(request);
        }
      });
    },
  };
}
