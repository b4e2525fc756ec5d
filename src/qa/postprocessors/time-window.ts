import type { Passage } from '../../domain/types.js';
import type { PageSource } from '../../domain/types.js';
import { comparedEvents } from '../query/compare.js';
import { leaningOf, reportedBy, searchedDates, type TimeSpan } from '../query/time.js';
import type { Retriever, SearchRequest } from '../retrievers/retriever.js';
import type { Postprocessor } from './postprocessor.js';
import { statesTime } from './stated-times.js';

/** A page without a date, or dated only by a guess from its text, may be of any time. */
const dated = (source: PageSource | undefined) => Boolean(source?.published && !source.inferred);

/** The year a dated page was published in. */
function yearOf(source: PageSource | undefined): number | null {
  const year = dated(source) ? /^\d{4}/.exec(source?.published ?? '') : null;
  return year ? Number(year[0]) : null;
}

/**
 * A report of the time ranks first only when it answers the question about as well as the best
 * found at any time: a third of the best score at least. Measured on the public ChronoQA half
 * (recall@5 0.905 at none, 0.919 from a third to two fifths, 0.911 at seven tenths): a question's
 * time is often not its report's ("今年4月" asked of a report from the April before).
 */
const OF_BEST_SCORE = 1 / 3;

/**
 * One list's passages of the time first: those it found on dated pages, in its order, then those
 * only the search within the time found on dated pages; then the rest in their order. A report
 * that spells out the time (an undated item that names the year, an announcement of next month's
 * event) counts as of it. An undated report that does not is not known to be of the time, so it
 * keeps its place rather than rise above a report that is about what was asked (a page without a
 * date must not outrank the one dated last year that names the place asked about).
 */
function timeFirst(list: Passage[], ofTime: Passage[], sources: Map<string, PageSource>, span: TimeSpan): Passage[] {
  const bar = OF_BEST_SCORE * Math.max(0, ...list.map((passage) => passage.score));
  const article = (passage: Passage) => `${passage.file}#${passage.articleIndex}`;
  // What one passage of an article spells out dates the article: its other passages are of the time too.
  const stating = new Set(
    [...list, ...ofTime]
      .filter((passage) => statesTime(`${passage.headline}\n${passage.text}`, span, yearOf(sources.get(passage.file))))
      .map(article),
  );
  const ofIt = (passage: Passage, found: 'listed' | 'within') =>
    passage.score >= bar && ((found === 'within' && dated(sources.get(passage.file))) || stating.has(article(passage)));
  const timely = new Set([
    ...ofTime.filter((passage) => ofIt(passage, 'within')).map((passage) => passage.id),
    ...list.filter((passage) => ofIt(passage, 'listed')).map((passage) => passage.id),
  ]);
  const listed = new Set(list.map((passage) => passage.id));
  return [
    ...list.filter((passage) => timely.has(passage.id)),
    ...ofTime.filter((passage) => !listed.has(passage.id) && timely.has(passage.id)),
    ...list.filter((passage) => !timely.has(passage.id)),
  ];
}

/** A part's search among the reports of the time it leans on. */
interface LeanSearch {
  leaning: TimeSpan;
  found: Promise<Passage[]>;
}

/**
 * Each part leans on the time it names, else on the whole question's ("去年…有几部？占全省多大比例？").
 * An event compared in time leans on its own time only: in "A和2023年B哪个更早" the year is B's,
 * and A's time is what the question asks. Null for a part that leans on no time.
 */
function leanSearches(request: SearchRequest, retriever: Retriever): Array<LeanSearch | null> {
  const { query } = request;
  const inherited = comparedEvents(query.question).length ? null : query.leaning;
  return query.parts.map((part, i) => {
    const leaning = i > 0 ? (leaningOf(part.text, query.today) ?? inherited) : query.leaning;
    if (!leaning) return null;
    // An undated report may be of that time: it is searched for, but not ranked first (timeFirst).
    const within = { ...searchedDates(reportedBy(leaning), query.today), undated: true };
    if (within.to <= within.from) return null;
    const found = retriever.retrieve({ ...request, query: { ...query, parts: [part] }, within });
    return { leaning, found: found.then(([ofTime]) => ofTime ?? []) };
  });
}

async function leanEach(lists: Passage[][], request: SearchRequest, searches: Array<LeanSearch | null>) {
  const sources = await request.index.sources();
  return Promise.all(
    lists.map(async (list, i) => {
      const search = searches[i];
      return search ? timeFirst(list, await search.found, sources, search.leaning) : list;
    }),
  );
}

/**
 * A question about reports of a time is searched among them (the retriever is asked for the
 * query's time window first); when none is of that time, among all, and the answer then says that
 * none is of that time. A question that only leans on a time ("去年7月发布了什么") has the reports
 * of that time, and of the while after it when they come out, ranked first. Either way nothing
 * published after the day it is asked on. The searches within the times leaned on need only the
 * question: they start with the retriever's (`start`), not after it.
 */
export function timeWindow(retriever: Retriever): Postprocessor {
  const started = new WeakMap<SearchRequest, Array<LeanSearch | null>>();
  const searches = (request: SearchRequest) => {
    let found = started.get(request);
    if (!found) {
      found = request.query.time ? [] : leanSearches(request, retriever);
      started.set(request, found);
    }
    return found;
  };
  return {
    start(request) {
      // A search that fails is reported where it is awaited, not as a stray rejection.
      for (const search of searches(request)) search?.found.catch(() => undefined);
    },
    async process(lists, request) {
      const { time, today } = request.query;
      if (time) {
        if (lists.some((list) => list.length)) return lists;
        return retriever.retrieve({ ...request, within: searchedDates(null, today) });
      }
      return leanEach(lists, request, searches(request));
    },
  };
}
