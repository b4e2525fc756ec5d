/**
 * The reports on a topic in date order: one entry per article, its sentence that names the topic
 * best, sorted by publication date (undated reports last).
 */
import type { Timeline, TimelineEntry } from '../domain/ports.js';
import type { Passage } from '../domain/types.js';
import { comparable } from '../text/normalize.js';
import { foldScript, inScript } from '../text/script.js';
import { splitSentences } from '../text/sentences.js';
import { acceptQuestion } from './query/limits.js';
import { queryOf } from './query/query.js';
import type { TermGroup } from './query/analyze.js';
import { searchedDates } from './query/time.js';
import { pageSources } from './postprocessors/sources.js';
import { fullTextRetriever } from './retrievers/full-text.js';
import type { SearchableIndex } from './retrievers/retriever.js';
import type { IndexSource } from './engine.js';
import { wordStatistics } from './words.js';

/** Passages read for a topic: a timeline lists many reports, not the few an answer quotes. */
const DEPTH = 60;
/** Entries at most: a reader pages through them a few at a time. */
const MAX_ENTRIES = 100;

export interface TimelineDeps {
  index: IndexSource;
  maxTopicChars: number;
  now: () => Date;
}

/** A sentence of an article that names the whole topic. */
interface Mention {
  passage: Passage;
  sentence: string;
  /** Where it starts in its page: the article's first mention is its lead on the topic. */
  offset: number;
  /** It ends as a sentence does, not a sub-headline's bare line. */
  statement: boolean;
  /** It names the topic as the reader wrote it, not only its words apart. */
  literal: boolean;
}

const STATEMENT_END = /[。！？!?…][”’」』）)"']*\s*$/;

/** Whether the sentence (comparable, simplified) names each of the topic's words, in one of its forms. */
function namesAll(plain: string, groups: TermGroup[]): boolean {
  return groups.every((group) => group.forms.some((form) => plain.includes(form)));
}

function mentionsIn(passage: Passage, groups: TermGroup[], topic: string): Mention[] {
  const mentions: Mention[] = [];
  let offset = passage.start;
  for (const sentence of splitSentences(passage.text)) {
    // Matched in the topic's script, folded as the index is; quoted as printed.
    const plain = comparable(foldScript(sentence));
    if (namesAll(plain, groups))
      mentions.push({
        ...{ passage, sentence: sentence.trim(), offset },
        statement: STATEMENT_END.test(sentence),
        literal: plain.includes(topic),
      });
    offset += sentence.length;
  }
  return mentions;
}

function better(a: Mention, b: Mention): boolean {
  if (a.statement !== b.statement) return a.statement;
  if (a.literal !== b.literal) return a.literal;
  return a.offset < b.offset;
}

/**
 * One mention per article, in the order the search found the articles: a statement before a
 * sub-headline's line, one naming the topic as written before one naming its words apart, the
 * earlier of equals. An article that never
 * names the whole topic in one sentence is not a report on it.
 */
function mentionsByArticle(passages: Passage[], groups: TermGroup[], topic: string): Mention[] {
  const byArticle = new Map<string, Mention>();
  for (const passage of passages) {
    const key = `${passage.file}\u0000${passage.articleIndex}`;
    for (const mention of mentionsIn(passage, groups, topic)) {
      const held = byArticle.get(key);
      if (!held || better(mention, held)) byArticle.set(key, mention);
    }
  }
  return [...byArticle.values()];
}

/** A date with its year (`2024-09-15`, `2024-09`) sorts; one without (`--09-15`) or none does not. */
function sortableDate(passage: Passage): string | null {
  const published = passage.source?.published ?? null;
  return published && /^\d{4}/.test(published) ? published : null;
}

function byDate(a: Mention, b: Mention): number {
  const [x, y] = [sortableDate(a.passage), sortableDate(b.passage)];
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x < y ? -1 : 1;
}

function entryOf({ passage, sentence }: Mention, n: number, toReader: (text: string) => string): TimelineEntry {
  const { id, file, headline, date, text, start, end, source } = passage;
  return {
    published: sortableDate(passage),
    sentence: toReader(sentence),
    citation: { n, id, file, headline, date, text, start, end, source: source ?? null },
  };
}

/** The reports on `topic` as of `askedOn`, searched in one snapshot of the index. */
export async function timelineOf(
  index: SearchableIndex,
  topic: string,
  askedOn: Date,
): Promise<Omit<Timeline, 'topic'>> {
  const query = queryOf(topic, wordStatistics(index.terms), askedOn);
  const groups = query.parts[0].groups;
  const request = { index, query, depth: DEPTH };
  const lists = await fullTextRetriever.retrieve({ ...request, within: searchedDates(null, askedOn) });
  const [found] = await pageSources.process(lists.slice(0, 1), request);
  const mentions = groups.length ? mentionsByArticle(found, groups, comparable(query.question)) : [];
  // Ties keep the search's order: the stronger report of a day first.
  const ordered = mentions.sort(byDate).slice(0, MAX_ENTRIES);
  const toReader = (text: string) => (query.language === 'zh' ? inScript(text, query.script) : text);
  return {
    language: query.language,
    script: query.script,
    entries: ordered.map((mention, i) => entryOf(mention, i + 1, toReader)),
  };
}

/** The Asking port's `timeline`: the topic checked like a question, the index brought up to date first. */
export function createTimeline({ index, maxTopicChars, now }: TimelineDeps) {
  return async (topic: string, options: { askedOn?: Date } = {}): Promise<Timeline> => {
    const accepted = acceptQuestion(topic, maxTopicChars);
    await index.follow();
    return { topic: accepted, ...(await timelineOf(index.current(), accepted, options.askedOn ?? now())) };
  };
}
