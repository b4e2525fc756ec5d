import type { Retriever } from '../retrievers/retriever.js';
import type { Postprocessor } from './postprocessor.js';

/**
 * A question about reports of a time is searched among them (the retriever is asked for the
 * query's time window first); when none is of that time, among all, and the answer then says that
 * none is of that time.
 */
export function timeWindow(retriever: Retriever): Postprocessor {
  return {
    async process(lists, request) {
      if (!request.query.time || lists.some((list) => list.length)) return lists;
      return retriever.retrieve({ ...request, within: null });
    },
  };
}
