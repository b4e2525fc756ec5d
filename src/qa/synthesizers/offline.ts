import { messages } from '../../domain/messages.js';
import type { Citation, Language, Passage } from '../../domain/types.js';
import type { Evidence, ScoredSpan, Unit } from './evidence.js';
import type { TimeSpan } from '../query/time.js';
import type { QuestionPart } from '../query/analyze.js';
import { comparable } from '../../text/normalize.js';
import { foldScript } from '../../text/script.js';
import { FIGURE_KINDS, fitsKind } from './answer-kind.js';
import { figureMark, reasonSpan, type ReasonSpan } from './marks.js';

export type OfflineReason = 'no-model' | 'quick' | 'timeout' | 'error' | 'unsupported';

/** Says the answer was not written by a language model, and why. */
export function offlineNote(language: Language, reason: OfflineReason): string {
  return messages().format(language, 'answer-offline', { reason });
}

/**
 * For a question about reports of a time ("去年的报道"): which time that is, resolved against
 * today, and whether the quoted passages are of it.
 */
export function timeNote(language: Language, span: TimeSpan, cited: Citation[]): string {
  const within = cited.some(
    (c) => c.source?.published && c.source.published >= span.from && c.source.published < span.to,
  );
  return messages().format(language, within ? 'answer-time-within' : 'answer-time-elsewhere', { span: span[language] });
}

const MAX_CHARS = 480;
const SECOND_PART = 0.7;
const OPEN_KINDS = new Set(['list', 'reason', 'other']);
/** "这11个“工具”是…" picks up where the sentence before it stopped. */
const CONTINUES = /^(这|该|此|其|上述|以上)/;

/**
 * An extractive answer: for each part of the question, the unit that states most of it, with the
 * sentences it leans on (one that continues it; for a "why", the ones around it). A second unit
 * is added when it is nearly as relevant and states something the first did not.
 */
export function composeOfflineAnswer(evidence: Evidence, passages: Passage[], minCoverage: number): OfflineAnswer {
  const parts = evidence.parts.length > 1 ? evidence.parts.slice(1) : evidence.parts;
  const chosen: Unit[] = [];
  const reasons = new Map<Unit, ReasonSpan>();
  let length = 0;
  const take = (unit: Unit | undefined, force = false) => {
    if (!unit || chosen.includes(unit)) return;
    if (!force && length + unit.text.length > MAX_CHARS) return;
    chosen.push(unit);
    length += unit.text.length;
  };
  const neighbour = (unit: Unit, step: number) =>
    evidence.units.find((u) => u.passageRank === unit.passageRank && u.index === unit.index + step);

  for (const { part, ranked } of parts) {
    const best = ranked[0];
    // Once one part is answered, a weaker answer to another part is still worth quoting.
    const floor = chosen.length ? minCoverage * SECOND_PART : minCoverage;
    if (!best || best.coverage < floor) continue;
    const reason = part.kind === 'reason' ? statedReason(ranked, Math.max(floor, best.coverage * REASON_BAR)) : null;
    if (reason) {
      reasons.set(reason.unit, reason.span);
      take(reason.unit, !chosen.length);
      continue;
    }
    const first = best.units[0];
    const last = best.units[best.units.length - 1];
    if (part.kind === 'reason' && best.units.length === 1) take(neighbour(first, -1), !chosen.length);
    const force = !chosen.length;
    for (const unit of best.units) take(unit, force);
    const next = neighbour(last, 1);
    if (next && (CONTINUES.test(next.folded) || part.kind === 'reason')) take(next);
    // A figure or a date is answered by one statement; a list or a description may need more,
    // each adding something new and quoting nothing twice. The items of a list of a given size
    // (哪两方面) are each said of the same subject, so they need not add a word of the question.
    const kind = part.kind;
    if (parts.length === 1 && OPEN_KINDS.has(kind)) {
      const bar = kind === 'list' ? 0.6 : 0.8;
      const additions = ranked
        .slice(1)
        .filter((candidate) => candidate.coverage >= best.coverage * bar)
        .filter((candidate) => part.items !== null || addsTerms(candidate, best));
      let wanted = (part.items ?? 2) - 1;
      for (const candidate of additions) {
        if (wanted <= 0) break;
        if (candidate.units.some((unit) => chosen.includes(unit))) continue;
        for (const unit of candidate.units) take(unit);
        wanted--;
      }
    }
  }
  // Sub-questions may each fall short where the whole question does not.
  if (!chosen.length) for (const unit of evidence.parts[0].ranked[0]?.units ?? []) take(unit, true);
  const ordered = [...chosen].sort((a, b) => firstUse(chosen, a) - firstUse(chosen, b) || a.index - b.index);
  // A figure stated in one sentence is quoted as the clause that states it; the citation opens the rest.
  const figure = parts.length === 1 && ordered.length === 1 ? parts[0].part : null;
  const quotes = ordered.map(
    (unit) => reasons.get(unit)?.quote ?? (figure ? answeringClause(unit, figure) : unit.text),
  );
  const marked = [
    ...ordered.flatMap((unit) => reasons.get(unit)?.mark ?? []),
    ...(figure
      ? [figureMark(quotes[0], figure.kind, figure.text)].filter((mark): mark is string => mark !== null)
      : []),
  ];
  const text = quoteLines(ordered, quotes);
  return {
    text,
    quotes,
    marked,
    used: [...new Set(ordered.map((unit) => passages[unit.passageRank]))],
    units: ordered,
  };
}

/** One line a quote, each run of quotes from one passage followed by its marker. */
export function quoteLines(units: Unit[], quotes: string[]): string {
  return units
    .map((unit, i) =>
      units[i + 1]?.passageRank === unit.passageRank ? quotes[i] : `${quotes[i]}[${unit.passageRank + 1}]`,
    )
    .join('\n');
}

/** An extractive answer, and what it quotes of each unit. */
export interface OfflineAnswer {
  text: string;
  /** The units quoted, in the answer's order, and what is quoted of each (a clause, or all of it). */
  units: Unit[];
  quotes: string[];
  /** The words that answer: the figure asked for, the clause that gives the reason. */
  marked: string[];
  used: Passage[];
}

/** A sentence that gives a reason may rank a little below one that only shares more words. */
const REASON_BAR = 0.8;

/** The best ranked sentence at or above `floor` that states a reason, with the reason. */
function statedReason(ranked: ScoredSpan[], floor: number): { unit: Unit; span: ReasonSpan } | null {
  for (const candidate of ranked) {
    if (candidate.coverage < floor) break;
    for (const unit of candidate.units) {
      const span = reasonSpan(unit.text, unit.folded);
      if (span) return { unit, span };
    }
  }
  return null;
}

/**
 * The clauses of a sentence that state the asked figure ("累计帮销中西部地区农特产品50.1亿元"
 * of a sentence that goes on about brands): from the first clause of the asked kind that names
 * as much of the question as the whole sentence does, to the end of that clause.
 */
const DETAILS = /^\s*(其中|包括|分别|含)/;
/** "截至目前，" "2023年以来，" "3月31日，": when the figure holds, which it is not true without. */
const WHEN = /^\s*(自|截至|截止|目前|近日|今年|去年|当前|\d{4}年|\d{1,2}月\d{1,2}日)|(以来|期间|时)[，,；;]?\s*$/;

/**
 * The clauses of a sentence that state the asked figure ("累计帮销中西部地区农特产品50.1亿元"
 * of a sentence that goes on about brands): the first clause of the asked kind, widened back
 * until it names as much of the question as the whole sentence does, with the clauses that say
 * when before it and the figures that detail it after it.
 */
export function answeringClause(unit: Unit, part: QuestionPart): string {
  if (!FIGURE_KINDS.has(part.kind)) return unit.text;
  // Not at the comma of a figure (2,400米).
  const clauses = unit.text.split(/(?<=[，；;]|,(?!\d))/);
  if (clauses.length < 2) return unit.text;
  const named = (text: string) => {
    const plain = comparable(foldScript(text));
    return part.groups.filter((group) => group.forms.some((form) => [...form].length > 1 && plain.includes(form)))
      .length;
  };
  const whole = named(unit.text);
  const fits = (clause: string) => fitsKind(foldScript(clause), part.kind);
  for (let end = 0; end < clauses.length; end++) {
    if (!fits(clauses[end])) continue;
    let start = end;
    while (start > 0 && named(clauses.slice(start, end + 1).join('')) < whole) start--;
    if (named(clauses.slice(start, end + 1).join('')) < whole) continue;
    while (start > 0 && WHEN.test(clauses[start - 1])) start--;
    let last = end;
    while (last + 1 < clauses.length && (DETAILS.test(clauses[last + 1]) || (last > end && fits(clauses[last + 1]))))
      last++;
    return clauses
      .slice(start, last + 1)
      .join('')
      .replace(/[，,；;]$/, '。');
  }
  return unit.text;
}

function addsTerms(candidate: ScoredSpan, best: ScoredSpan): boolean {
  return [...candidate.matched].some((label) => !best.matched.has(label));
}

/** Units of one passage stay together, in the order their passage was first chosen. */
function firstUse(chosen: Unit[], unit: Unit): number {
  return chosen.findIndex((u) => u.passageRank === unit.passageRank);
}
