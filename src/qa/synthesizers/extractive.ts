import {
  absentSpecifics,
  gatherEvidence,
  missingNames,
  ofArticlesNaming,
  statesWhatIsAsked,
  unplacedNames,
} from './evidence.js';
import { composeOfflineAnswer, offlineNote, quoteLines, timeNote, type OfflineAnswer } from './offline.js';
import type { Synthesizer } from './synthesizer.js';
import { datedFigures } from './dated.js';
import { messages } from '../../domain/messages.js';
import type { Query } from '../query/query.js';
import { looksLikeFollowUp } from '../query/condense.js';
import { comparable } from '../../text/normalize.js';
import { withoutMarkers } from '../markers.js';
import { foldScript } from '../../text/script.js';

/**
 * Without a chat model (or when it failed): the sentences that state most of what is asked,
 * quoted from the passages. Below `minCoverage` of the question's weighted terms stated in one
 * place, or without the figure or the name asked about, the reports are taken not to answer.
 */
export function extractiveSynthesizer({ minCoverage }: { minCoverage: number }): Synthesizer {
  return {
    mode: 'offline',
    async synthesize({ query, words, passages: retrieved, quoted, fallback }) {
      const refusal = { kind: 'refusal', offlineReason: fallback.detail } as const;
      const [whole] = query.parts;
      const named = [...whole.specifics, ...unplacedNames(whole.text, words.share)];
      const missing = absentSpecifics(named, retrieved, words.share, query.time !== null);
      if (missing.length && retrieved.length) return { ...refusal, missing };
      // The parts of a compound question ("分别") may each be answered by another article; and
      // an article the passages show only in part may name its subject elsewhere.
      const subject = query.parts.length === 1 && !/分别|各自/.test(whole.text) ? whole.subject : null;
      const naming = subject ? ofArticlesNaming(subject, quoted.passages, retrieved) : [];
      const narrowed =
        naming.length && naming.length < quoted.passages.length
          ? { passages: naming, evidence: gatherEvidence(query.parts, naming, words) }
          : null;
      // Unless those articles do not answer it: the subject may be said another way in the others.
      const { passages, evidence } = narrowed && narrowed.evidence.support >= minCoverage ? narrowed : quoted;
      if (evidence.support < minCoverage || whole.asksForUnknown) return refusal;
      const composed = composeOfflineAnswer(evidence, passages, minCoverage);
      if (query.parts.length === 1 && !statesWhatIsAsked(whole, composed.units, words.share)) return refusal;
      if (missingNames(whole.groups, composed.used, words.share).length) return refusal;
      // Said once a conversation: a follow-up's reader has read it already.
      const note = query.history.length ? '' : `${offlineNote(query.language, fallback.reason)}\n`;
      const unrepeated = withoutRepeats(composed, query);
      // Figures of several dates are given latest first, unless the answer only points back.
      const dated = unrepeated.text === composed.text ? datedFigures(query, evidence.parts[0], passages) : null;
      const { text, marked } = dated ? { ...unrepeated, text: dated } : unrepeated;
      return {
        kind: 'draft',
        text,
        marked,
        passages,
        preface: (citations) => `${note}${query.time ? `${timeNote(query.language, query.time, citations)}\n` : ''}`,
        offlineReason: fallback.detail,
      };
    },
  };
}

/** How much of a quote the previous answer gave is recalled: enough to know it again. */
const RECALLED = 12;
/** A quoted clause shorter than this could stand in many sentences. */
const MIN_CLAUSE = 8;

/**
 * A follow-up answered by sentences the answer before it quoted ("那陇南呢？" after "为什么青岛要
 * 开展消费帮扶？") says so rather than quoting them again; what it adds is quoted as usual. The
 * same question asked again is answered again: its reader wants the answer, not a pointer to it.
 */
function withoutRepeats(
  composed: OfflineAnswer,
  { history, asked, question, language }: Pick<Query, 'history' | 'asked' | 'question' | 'language'>,
): { text: string; marked: string[] } {
  const previous = history.at(-1);
  // A question that stands on its own is answered in full, whatever was said before.
  if (!previous || !looksLikeFollowUp(asked) || comparable(previous.question) === comparable(question)) return composed;
  const said = comparable(previous.answer);
  // The answer before may have quoted only a clause of a sentence quoted whole now.
  const clauses = withoutMarkers(previous.answer)
    .split('\n')
    .map((line) => comparable(line).replace(/[。！？!?；;]+$/, ''))
    .filter((line) => [...line].length >= MIN_CLAUSE);
  const { units, quotes } = composed;
  const repeated = units.map(
    (unit, i) =>
      said.includes(comparable(foldScript(quotes[i]))) ||
      said.includes(comparable(unit.folded)) ||
      clauses.some((clause) => comparable(unit.folded).includes(clause)),
  );
  const first = repeated.indexOf(true);
  if (first < 0) return composed;
  const kept = units.flatMap((unit, i) => (repeated[i] ? [] : [{ unit, quote: quotes[i] }]));
  const recalled = [...quotes[first].replace(/[。！？!?；;]+$/, '')];
  const start = recalled.slice(0, RECALLED).join('') + (recalled.length > RECALLED ? '…' : '');
  const pointer = `${messages().format(language, 'answer-quoted-before', { start })}[${units[first].passageRank + 1}]`;
  const lines = quoteLines(
    kept.map(({ unit }) => unit),
    kept.map(({ quote }) => quote),
  );
  return {
    text: lines ? `${lines}\n${pointer}` : pointer,
    marked: composed.marked.filter((mark) => kept.some(({ quote }) => quote.includes(mark))),
  };
}
