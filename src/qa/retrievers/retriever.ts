import type { Passage } from '../../domain/types.js';
import type { DateSpan, IndexSnapshot } from '../../index/reader.js';
import type { Query } from '../query/query.js';

/** The part of an index snapshot that search needs. */
export type SearchableIndex = Pick<IndexSnapshot, 'hybridSearch' | 'textSearch' | 'vectorSearch' | 'terms' | 'sources'>;

/** What the stages after the query read about one search: a question is searched in one snapshot. */
export interface SearchRequest {
  index: SearchableIndex;
  query: Query;
  /** How many passages the answer reads. */
  depth: number;
  signal?: AbortSignal;
}

export interface RetrieveRequest extends SearchRequest {
  /** Publication dates to search within; null for all. */
  within: DateSpan | null;
}

/**
 * Finds passages for each part of the query, the whole question first: one ranked list per part.
 * Each list holds a few times `depth` passages, for the postprocessors to choose from.
 */
export interface Retriever {
  retrieve(request: RetrieveRequest): Promise<Passage[][]>;
}

/** Candidates searched per passage the answer reads. */
export const CANDIDATES_PER_PASSAGE = 4;

/** What retrieval reports and works around: the caller logs it, counts it, mends the index. */
export interface RetrieverEvents {
  /** The embedding API failed; the question is searched by words only. */
  embeddingFailed?: (error: Error) => void;
  /** A search of the index failed (a damaged full-text index); vectors alone answer if they can. */
  searchFailed?: (error: Error) => void;
  /** The reranker failed or ran out of time; the fused order stands. */
  rerankFailed?: (error: Error) => void;
}

/** Runs index searches, e.g. a few at a time. */
export type Queue = <T>(search: () => Promise<T>) => Promise<T>;
