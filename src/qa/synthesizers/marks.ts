import type { QuestionPart } from '../query/analyze.js';
import { FIGURE_KINDS, kindMatch } from './answer-kind.js';

const NUMERAL = /[一二两三四五六七八九十百千万亿半数]/;
/** Words that hedge a figure belong with it: 约20分钟, 近三成, 20%以上. */
const HEDGE_BEFORE = /(最快约|最多|最快|约|近|逾|超过|达|仅)$/;
const HEDGE_AFTER = /^(以上|左右|之多|上下)/;

/** "多少吨", "几家", "多少人次": the measure the question counts in. */
const ASKED_MEASURE = /(?:多少|几)\s*(?:万|亿)?\s*([\p{Script=Han}%]{1,2})/u;
const NUMBER = '\\d+(?:[.,]\\d+)*\\s*(?:余|多)?\\s*[万亿千百]?';

/** A figure in the measure the question counts in (人次, then 人), if the quote has one. */
function inMeasure(quote: string, question: string): { index: number; length: number } | null {
  const measure = ASKED_MEASURE.exec(question)?.[1] ?? '';
  for (const unit of [measure, measure.slice(0, 1)].filter(Boolean)) {
    const match = new RegExp(`${NUMBER}\\s*(?:${unit === '%' ? '%|％' : unit})`).exec(quote);
    if (match) return { index: match.index, length: match[0].length };
  }
  return null;
}

/**
 * The figure of the asked kind a quote states ("约20分钟", "50.1亿元"), or null: in the measure
 * the question counts in when the quote has one (多少吨: 30万吨, not 20余家), else the first of
 * the kind, a written number before one in words (一套).
 */
export function figureMark(quote: string, kind: QuestionPart['kind'], question = ''): string | null {
  if (!FIGURE_KINDS.has(kind)) return null;
  const match = inMeasure(quote, question) ?? kindMatch(quote, kind, /\d/) ?? kindMatch(quote, kind);
  if (!match) return null;
  const digit = NUMERAL.test(quote[match.index]) ? NUMERAL : /\d/;
  let start = match.index;
  while (start > 0) {
    const before = quote[start - 1];
    // "2,400米" and "50.1亿元", but not the comma that ends a clause.
    const separator = /[.,]/.test(before) && /\d/.test(quote[start - 2] ?? '') && /\d/.test(quote[start]);
    if (!digit.test(before) && !separator) break;
    start--;
  }
  start -= HEDGE_BEFORE.exec(quote.slice(0, start))?.[0].length ?? 0;
  let end = match.index + match.length;
  end += HEDGE_AFTER.exec(quote.slice(end))?.[0].length ?? 0;
  return quote.slice(start, end);
}

/**
 * Clauses that give a reason or a purpose: 为了…, 旨在…, 因为/由于…, 是…的需要/举措, 目的是….
 * The clause states why; the words around it what was done.
 */
const REASON =
  /为了|旨在|目的(是|在于)|因为|由于|之所以|原因(是|在于)|关键在于|得益于|源于|归功于|为(解决|推动|促进|实现|满足|助力|加快|确保|保障|更好)|是[^，,；;。]{2,}的(需要|要求|举措|内容|关键|途径|手段|选择|保障|基础|前提|体现|必然|重要)/;

/** "由于A，且B，故C": a clause that adds to the reason, and one that says what follows from it. */
const GOES_ON = /^\s*(且|并且|而且|加之|加上|再加上|同时|以及)/;
const THEREFORE = /^\s*(故|所以|因此|因而|于是|从而)/;

/** One reason given in a sentence: the clauses that state it, and the sentence cut to them. */
export interface ReasonSpan {
  /** What the answer quotes: the reason's clauses, with the clause before them that says of what. */
  quote: string;
  /** The reason's own words. */
  mark: string;
}

/** Not at the comma of a figure (2,400米). */
function clausesOf(sentence: string): string[] {
  return sentence.split(/(?<=[，；;]|,(?!\d))/);
}

/** A sentence longer than this is cut to the reason's clauses. */
const LONG = 60;

const trimEnd = (text: string) => text.replace(/[，,；;。！？!?]+$/, '');

/**
 * The reason a sentence states ("开展消费帮扶，是推进…的重要内容，也是…的重要举措"): the first
 * clause with a reason's words and the clauses that go on with one (也是…), or null. Read in
 * `folded` (simplified characters), quoted from `printed`: the two match character by character.
 */
export function reasonSpan(printed: string, folded: string = printed): ReasonSpan | null {
  const clauses = clausesOf(folded);
  const first = clauses.findIndex((clause) => REASON.test(clause));
  if (first < 0) return null;
  let last = first;
  while (last + 1 < clauses.length && (REASON.test(clauses[last + 1]) || GOES_ON.test(clauses[last + 1]))) last++;
  const slice = (from: number, to: number) => {
    const start = clauses.slice(0, from).join('').length;
    return trimEnd(printed.slice(start, start + clauses.slice(from, to + 1).join('').length));
  };
  // A reason given first ("为解决…问题，莱西实施…") says why of what follows it.
  const from = Math.max(0, first - 1);
  const to = first === 0 || THEREFORE.test(clauses[last + 1] ?? '') ? Math.min(clauses.length - 1, last + 1) : last;
  return { quote: printed.length <= LONG ? printed : `${slice(from, to)}。`, mark: slice(first, last) };
}
