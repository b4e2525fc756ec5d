import type { Citation, Passage } from '../../domain/types.js';
import { resolveCitations, unsupportedNumbers } from './cite.js';

/** An answer whose markers are resolved to the passages they cite. */
export interface Cited {
  text: string;
  citations: Citation[];
}

/** What is wrong with a cited answer, or null when nothing is. */
export type Check = (answer: Cited) => string | null;

export const citesAPassage: Check = (answer) => (answer.citations.length ? null : 'the model cited no passage');

/** Numbers (amounts, percentages, dates) must stand in the passages the answer cites. */
export const statesCitedNumbers: Check = (answer) => {
  const unsupported = unsupportedNumbers(answer.text, answer.citations);
  return unsupported.length
    ? `the model stated ${unsupported.join(', ')}, which the cited passages do not contain`
    : null;
};

/** Resolves a draft's citations, then runs its checks: the first problem found, or null. */
export function checkAnswer(text: string, passages: Passage[], checks: Check[]): Cited & { problem: string | null } {
  const cited = resolveCitations(text, passages);
  for (const check of checks) {
    const problem = check(cited);
    if (problem) return { ...cited, problem };
  }
  return { ...cited, problem: null };
}
