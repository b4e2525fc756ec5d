import { missingNames, statesWhatIsAsked } from './evidence.js';
import { composeOfflineAnswer, offlineNote, timeNote } from './offline.js';
import type { Synthesizer } from './synthesizer.js';

/**
 * Without a chat model (or when it failed): the sentences that state most of what is asked,
 * quoted from the passages. Below `minCoverage` of the question's weighted terms stated in one
 * place, or without the figure or the name asked about, the reports are taken not to answer.
 */
export function extractiveSynthesizer({ minCoverage }: { minCoverage: number }): Synthesizer {
  return {
    mode: 'offline',
    async synthesize({ query, words, quoted: { passages, evidence }, fallback }) {
      const refusal = { kind: 'refusal', offlineReason: fallback.detail } as const;
      const [whole] = query.parts;
      if (evidence.support < minCoverage || whole.asksForUnknown) return refusal;
      const composed = composeOfflineAnswer(evidence, passages, minCoverage);
      if (query.parts.length === 1 && !statesWhatIsAsked(whole, composed.units, words.share)) return refusal;
      if (missingNames(whole.groups, composed.used, words.share).length) return refusal;
      return {
        kind: 'draft',
        text: composed.text,
        passages,
        preface: (citations) =>
          `${offlineNote(query.language, fallback.reason)}\n${query.time ? `${timeNote(query.language, query.time, citations)}\n` : ''}`,
        offlineReason: fallback.detail,
      };
    },
  };
}
