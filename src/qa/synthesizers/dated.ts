/**
 * Answers that carry their dates: when reports of several days state the same figure (a count, a
 * budget), the offline answer gives the latest as of the day asked first, "截至2025年9月15日，…",
 * then the earlier ones with theirs. A figure without its date would pass an old count for today's.
 */
import { messages } from '../../domain/messages.js';
import { publishedLabel } from '../../domain/source.js';
import type { Passage } from '../../domain/types.js';
import type { Query } from '../query/query.js';
import { FIGURE_KINDS, fitsKind } from './answer-kind.js';
import type { PartEvidence, ScoredSpan, Unit } from './evidence.js';
import { answeringClause } from './offline.js';

/** A statement of the same figure names what the best one does, nearly as fully. */
const NEAR_BEST = 0.9;
const EARLIER_AT_MOST = 3;
/**
 * A question that names a time (2021年5月13日, 当天, 去年) asks for that time's figure, not the
 * latest: the query stage reads the relative ones; dates and years are read here.
 */
const NAMES_A_TIME =
  /\d\s*(年|月|日|号)|[今去前明本]年|年[初底末中]|[今昨前明]天|当天|当日|当时|那天|[上下本]个?(月|周|季度)|[一二两三四五六七八九十几半多]\s*(个)?(年|月|周|天)前/;
/** A clause that says its own "as of" is not given a second one. */
const SAYS_AS_OF = /^\s*(截至|截止|到)/;
const FIGURE = /\d+(?:\.\d+)?/g;

interface Dated {
  unit: Unit;
  published: string;
  clause: string;
}

/** Whether the question asks for a figure that may differ between reports, at no time it names. */
function asksForCurrentFigure(query: Query): boolean {
  const [whole] = query.parts;
  return (
    query.parts.length === 1 &&
    FIGURE_KINDS.has(whole.kind) &&
    query.time === null &&
    query.leaning === null &&
    !NAMES_A_TIME.test(query.question)
  );
}

/** Its publication date when it has a year and is not after the day asked on. */
function publishedBy(passage: Passage | undefined, askedOn: string): string | null {
  const published = passage?.source?.published ?? null;
  return published && /^\d{4}-\d{2}/.test(published) && published.slice(0, 10) <= askedOn ? published : null;
}

/** The statements of the figure, one per publication date, best first. */
function statements(evidence: PartEvidence, passages: Passage[], askedOn: string): Dated[] {
  const [best] = evidence.ranked;
  if (!best) return [];
  const same = (span: ScoredSpan) =>
    span.units.length === 1 &&
    span.coverage >= best.coverage * NEAR_BEST &&
    fitsKind(span.units[0].folded, evidence.part.kind) &&
    [...best.matched].every((label) => span.matched.has(label));
  const byDate = new Map<string, Dated>();
  for (const span of evidence.ranked.filter(same)) {
    const [unit] = span.units;
    const published = publishedBy(passages[unit.passageRank], askedOn);
    if (published && !byDate.has(published))
      byDate.set(published, { unit, published, clause: answeringClause(unit, evidence.part) });
  }
  return [...byDate.values()];
}

const figures = (clause: string) => (clause.match(FIGURE) ?? []).join(' ');

/**
 * The figure as of the day asked, then the earlier figures with their dates, each cited; null when
 * the question names a time, or fewer than two reports give differing figures for it.
 */
export function datedFigures(query: Query, evidence: PartEvidence, passages: Passage[]): string | null {
  if (!asksForCurrentFigure(query)) return null;
  const dated = statements(evidence, passages, query.today.toISOString().slice(0, 10));
  if (dated.length < 2 || new Set(dated.map((d) => figures(d.clause))).size < 2) return null;
  const [latest, ...earlier] = dated.sort((a, b) => (a.published < b.published ? 1 : -1));
  const { language } = query;
  const cited = ({ unit, clause }: Dated) => `${clause}[${unit.passageRank + 1}]`;
  const line = (d: Dated) =>
    messages().format(language, 'answer-dated-line', {
      date: publishedLabel(d.published, language)!,
      figure: cited(d),
    });
  const first = SAYS_AS_OF.test(latest.clause)
    ? line(latest)
    : messages().format(language, 'answer-dated-latest', {
        date: publishedLabel(latest.published, language)!,
        figure: cited(latest),
      });
  return [
    first,
    messages().format(language, 'answer-dated-earlier'),
    ...earlier.slice(0, EARLIER_AT_MOST).map(line),
  ].join('\n');
}
