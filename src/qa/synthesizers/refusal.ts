import { messages } from '../../domain/messages.js';
import type { Language } from '../../domain/types.js';

/** The plain "not in the reports" replies, in the language of the question. */
export const REFUSAL: Record<Language, string> = {
  zh: messages().format('zh', 'answer-refusal'),
  en: messages().format('en', 'answer-refusal'),
};

export function isRefusal(text: string): boolean {
  const flat = text.replace(/\s+/g, ' ').trim();
  return Object.values(REFUSAL).some((refusal) => flat.includes(refusal));
}
