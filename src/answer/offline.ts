import type { Passage } from '../types.js';
import type { ScoredSentence } from './evidence.js';
import type { Language } from './refusal.js';

/** Says the answer was not written by a language model, and why. */
export function offlineNote(language: Language, reason: string | null): string {
  if (language === 'en') {
    return `Offline mode${reason ? ` (${reason})` : ''}: the most relevant sentences from the reports, quoted in Chinese.`;
  }
  return `离线模式${reason ? `（${reason}）` : ''}：以下是报道中最相关的原文。`;
}

const MAX_SENTENCES = 3;
const MAX_CHARS = 420;

/**
 * An extractive answer: the sentences that state most of what the question asks, each followed by
 * the marker of its passage. Further sentences are added only when they are nearly as relevant
 * and state something the first did not (the second half of a two-part question, say).
 */
export function composeOfflineAnswer(scored: ScoredSentence[], passages: Passage[]): { text: string; used: Passage[] } {
  const ranked = [...scored].sort((a, b) => b.coverage - a.coverage || a.passageRank - b.passageRank);
  const best = ranked[0];
  const chosen: ScoredSentence[] = [best];
  let length = best.sentence.length;
  for (const candidate of ranked.slice(1)) {
    if (chosen.length === MAX_SENTENCES || candidate.coverage < best.coverage * 0.6) break;
    const addsSomething = [...candidate.matched].some((label) => !chosen.some((c) => c.matched.has(label)));
    const duplicate = chosen.some((c) => c.sentence === candidate.sentence);
    if (!addsSomething || duplicate || length + candidate.sentence.length > MAX_CHARS) continue;
    chosen.push(candidate);
    length += candidate.sentence.length;
  }
  const text = chosen.map((c) => `${c.sentence}[${c.passageRank + 1}]`).join('\n');
  return { text, used: chosen.map((c) => passages[c.passageRank]) };
}
