import { messages } from '../../domain/messages.js';
import type { Citation, Language, Passage } from '../../domain/types.js';
import type { Evidence, ScoredSpan, Unit } from './evidence.js';
import type { TimeSpan } from '../query/time.js';

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
export function composeOfflineAnswer(
  evidence: Evidence,
  passages: Passage[],
  minCoverage: number,
): { text: string; used: Passage[]; units: Unit[] } {
  const parts = evidence.parts.length > 1 ? evidence.parts.slice(1) : evidence.parts;
  const chosen: Unit[] = [];
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
    if (!best || best.coverage < (chosen.length ? minCoverage * SECOND_PART : minCoverage)) continue;
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
  const text = ordered
    .map((unit, i) =>
      ordered[i + 1]?.passageRank === unit.passageRank ? unit.text : `${unit.text}[${unit.passageRank + 1}]`,
    )
    .join('\n');
  return { text, used: [...new Set(ordered.map((unit) => passages[unit.passageRank]))], units: ordered };
}

function addsTerms(candidate: ScoredSpan, best: ScoredSpan): boolean {
  return [...candidate.matched].some((label) => !best.matched.has(label));
}

/** Units of one passage stay together, in the order their passage was first chosen. */
function firstUse(chosen: Unit[], unit: Unit): number {
  return chosen.findIndex((u) => u.passageRank === unit.passageRank);
}
