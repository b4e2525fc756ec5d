import type { Passage } from '../../domain/types.js';
import type { SearchRequest } from '../retrievers/retriever.js';

/**
 * Ranked passages in, ranked passages out: one list per part of the query as retrieved, one list
 * once the parts are interleaved.
 */
export interface Postprocessor {
  /** Starts the searches it will need that depend on the request alone, so that they run beside the retriever's. */
  start?(request: SearchRequest): void;
  process(lists: Passage[][], request: SearchRequest): Promise<Passage[][]>;
}

/** Runs the postprocessors in order. */
export async function postprocess(
  lists: Passage[][],
  postprocessors: Postprocessor[],
  request: SearchRequest,
): Promise<Passage[][]> {
  let processed = lists;
  for (const postprocessor of postprocessors) processed = await postprocessor.process(processed, request);
  return processed;
}
