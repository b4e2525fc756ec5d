import type { SmallTalk, Turn } from '../../domain/types.js';
import { foldScript, scriptOf, type Script } from '../../text/script.js';
import type { Budget } from '../budget.js';
import type { WordStatistics } from '../words.js';
import { analyzeParts, languageOf, type QuestionPart } from './analyze.js';
import type { Language } from '../../domain/types.js';
import type { Condenser } from './condense.js';
import { smallTalkOf } from './small-talk.js';
import { leaningOf, timeOf, withoutRelativeTime, withoutTimeScope, type TimeSpan } from './time.js';

/**
 * A question as every later stage reads it, decided once: nothing after the query stage looks at
 * the reader's text again.
 */
export interface Query {
  /** What the reader wrote: the answer quotes it back. */
  asked: string;
  /** What is searched and answered: folded to simplified characters, a follow-up made whole. */
  question: string;
  /** The reader's language and script: the answer is written in them. */
  language: Language;
  script: Script;
  /** The conversation before it, folded the same way. */
  history: Turn[];
  /** The day it was asked on, against which "去年" and "最近" are read. */
  today: Date;
  /** Publication dates the question asks about ("2023年9月的报道"), resolved against today. */
  time: TimeSpan | null;
  /**
   * A time the question names without asking about its reports ("去年7月发布了什么"): its reports
   * are ranked first. Null when `time` is set.
   */
  leaning: TimeSpan | null;
  /** The whole question first, then its parts when it has more than one; each with its answer kind. */
  parts: QuestionPart[];
  /** A greeting, thanks or a question about the bot, answered without searching; null for a question. */
  smallTalk: SmallTalk | null;
}

/**
 * Pages and questions are searched in one script: a question in traditional characters, or with
 * a sentence in them, and the conversation before it are folded to simplified as the index is
 * (the engine writes the answer back in the reader's script).
 */
function inSimplified(asked: string, history: Turn[]): { script: Script; question: string; history: Turn[] } {
  return {
    script: scriptOf(asked),
    question: foldScript(asked),
    history: history.map((turn) => ({ question: foldScript(turn.question), answer: foldScript(turn.answer) })),
  };
}

function analyzed(
  asked: string,
  read: { script: Script; history: Turn[] },
  question: string,
  words: WordStatistics,
  today: Date,
): Query {
  const time = timeOf(question, today);
  return {
    asked,
    question,
    language: languageOf(asked),
    script: read.script,
    history: read.history,
    today,
    time,
    leaning: time ? null : leaningOf(question, today),
    // Which reports are asked about is the time window's to apply, not a term to answer.
    parts: analyzeParts(withoutRelativeTime(time ? withoutTimeScope(question, today) : question, today), words.share),
    smallTalk: smallTalkOf(question),
  };
}

export interface QueryStage {
  condenser: Condenser;
  /** Today, for a question asked without a day of its own; read when the question is. */
  now: () => Date;
}

/**
 * The query stage: the script is read, a follow-up condensed into a question that stands alone,
 * and the result analysed. `words` is asked after condensing, when the question is searched.
 */
export async function readQuery(
  asked: string,
  history: Turn[],
  budget: Budget,
  words: () => WordStatistics,
  stage: QueryStage,
  askedOn?: Date,
): Promise<Query> {
  const read = inSimplified(asked, history);
  // "谢谢" after an answer is no follow-up to be made whole.
  const standalone = smallTalkOf(read.question)
    ? read.question
    : await stage.condenser.condense(read.question, read.history, budget);
  return analyzed(asked, read, standalone, words(), askedOn ?? stage.now());
}

/** A question asked on its own, without a conversation or a chat model: for tests and the benchmark. */
export function queryOf(asked: string, words: WordStatistics, today: Date = new Date()): Query {
  const read = inSimplified(asked, []);
  return analyzed(asked, read, read.question, words, today);
}
