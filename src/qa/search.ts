import type { Passage } from '../domain/types.js';
import { postprocess, type Postprocessor } from './postprocessors/postprocessor.js';
import { searchedDates } from './query/time.js';
import type { Retriever, SearchRequest } from './retrievers/retriever.js';

/** Retrieval and what follows it: the passages an answer reads. */
export interface SearchStages {
  retriever: Retriever;
  /** Run in order on what the retriever found. */
  postprocessors: Postprocessor[];
}

/**
 * The best `depth` passages for a query, best first, none published after the day it is asked on.
 * A question about reports of a time is searched among them first (a time-window postprocessor
 * widens the search when none is, and ranks first the reports of a time a question leans on).
 */
export async function search({ retriever, postprocessors }: SearchStages, request: SearchRequest): Promise<Passage[]> {
  const { time, today } = request.query;
  for (const postprocessor of postprocessors) postprocessor.start?.(request);
  const lists = await retriever.retrieve({ ...request, within: searchedDates(time, today) });
  return (await postprocess(lists, postprocessors, request)).flat();
}
