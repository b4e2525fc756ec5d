import type { Passage } from '../../domain/types.js';
import { reportedBy, searchedDates } from '../query/time.js';
import type { Retriever } from '../retrievers/retriever.js';
import type { Postprocessor } from './postprocessor.js';

/**
 * Each list's passages of the time first: those it found, in its order, then those only the
 * search within the time found; then the rest in their order.
 */
function timeFirst(lists: Passage[][], ofTime: Passage[][]): Passage[][] {
  return lists.map((list, i) => {
    const timely = new Set((ofTime[i] ?? []).map((passage) => passage.id));
    const listed = new Set(list.map((passage) => passage.id));
    return [
      ...list.filter((passage) => timely.has(passage.id)),
      ...(ofTime[i] ?? []).filter((passage) => !listed.has(passage.id)),
      ...list.filter((passage) => !timely.has(passage.id)),
    ];
  });
}

/**
 * A question about reports of a time is searched among them (the retriever is asked for the
 * query's time window first); when none is of that time, among all, and the answer then says that
 * none is of that time. A question that only leans on a time ("去年7月发布了什么") has the reports
 * of that time, and of the while after it when they come out, ranked first. Either way nothing published after the day it is asked on.
 */
export function timeWindow(retriever: Retriever): Postprocessor {
  return {
    async process(lists, request) {
      const { time, leaning, today } = request.query;
      if (time) {
        if (lists.some((list) => list.length)) return lists;
        return retriever.retrieve({ ...request, within: searchedDates(null, today) });
      }
      if (!leaning) return lists;
      // An undated report may be of that time: it keeps its place among them.
      const within = { ...searchedDates(reportedBy(leaning), today), undated: true };
      if (within.to <= within.from) return lists;
      return timeFirst(lists, await retriever.retrieve({ ...request, within }));
    },
  };
}
