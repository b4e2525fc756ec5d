import { CANDIDATES_PER_PASSAGE, type Retriever } from './retriever.js';

/** The full-text (BM25) index alone: what answers when the question has no embedding. */
export const fullTextRetriever: Retriever = {
  retrieve: ({ index, query, depth, within }) =>
    Promise.all(query.parts.map((part) => index.textSearch(part.ftsQuery, depth * CANDIDATES_PER_PASSAGE, within))),
};
