import { absentSpecifics, missingNames, statesWhatIsAsked } from './evidence.js';
import { composeOfflineAnswer, offlineNote, timeNote } from './offline.js';
import { datedFigures } from './dated.js';
import type { Synthesizer } from './synthesizer.js';
import { messages } from '../../domain/messages.js';
import type { Query } from '../query/query.js';
import { comparable } from '../../text/normalize.js';
import type { Unit } from './evidence.js';

/**
 * Without a chat model (or when it failed): the sentences that state most of what is asked,
 * quoted from the passages. Below `minCoverage` of the question's weighted terms stated in one
 * place, or without the figure or the name asked about, the reports are taken not to answer.
 */
export function extractiveSynthesizer({ minCoverage }: { minCoverage: number }): Synthesizer {
  return {
    mode: 'offline',
    async synthesize({ query, words, passages: retrieved, quoted: { passages, evidence }, fallback }) {
      const refusal = { kind: 'refusal', offlineReason: fallback.detail } as const;
      const [whole] = query.parts;
      const missing = absentSpecifics(whole.specifics, retrieved, words.share, query.time !== null);
      if (missing.length && retrieved.length) return { ...refusal, missing };
      if (evidence.support < minCoverage || whole.asksForUnknown) return refusal;
      const composed = composeOfflineAnswer(evidence, passages, minCoverage);
      if (query.parts.length === 1 && !statesWhatIsAsked(whole, composed.units, words.share)) return refusal;
      if (missingNames(whole.groups, composed.used, words.share).length) return refusal;
      // Said once a conversation: a follow-up's reader has read it already.
      const note = query.history.length ? '' : `${offlineNote(query.language, fallback.reason)}\n`;
      return {
        kind: 'draft',
        text: repeatsPrevious(composed.units, query)
          ? `${messages().format(query.language, 'answer-same-as-before')}[${composed.units[0].passageRank + 1}]`
          : (datedFigures(query, evidence.parts[0], passages) ?? composed.text),
        passages,
        preface: (citations) => `${note}${query.time ? `${timeNote(query.language, query.time, citations)}\n` : ''}`,
        offlineReason: fallback.detail,
      };
    },
  };
}

/**
 * A follow-up answered by the very sentences of the answer before it ("那陇南呢？"). The same
 * question asked again is answered again: its reader wants the answer, not a pointer to it.
 */
function repeatsPrevious(units: Unit[], { history, question }: Pick<Query, 'history' | 'question'>): boolean {
  const previous = history.at(-1);
  if (!previous || !units.length || comparable(previous.question) === comparable(question)) return false;
  const said = comparable(previous.answer);
  return units.every((unit) => said.includes(comparable(unit.folded)));
}
