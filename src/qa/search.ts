import type { Passage } from '../domain/types.js';
import { postprocess, type Postprocessor } from './postprocessors/postprocessor.js';
import type { Retriever, SearchRequest } from './retrievers/retriever.js';

/** Retrieval and what follows it: the passages an answer reads. */
export interface SearchStages {
  retriever: Retriever;
  /** Run in order on what the retriever found. */
  postprocessors: Postprocessor[];
}

/**
 * The best `depth` passages for a query, best first. A question about reports of a time is
 * searched among them first (a time-window postprocessor widens the search when none is).
 */
export async function search({ retriever, postprocessors }: SearchStages, request: SearchRequest): Promise<Passage[]> {
  const lists = await retriever.retrieve({ ...request, within: request.query.time });
  return (await postprocess(lists, postprocessors, request)).flat();
}
