import type { Language } from '../../domain/types.js';

/** The plain "not in the reports" replies, in the language of the question. */
export const REFUSAL: Record<Language, string> = {
  zh: '报道中没有找到这个问题的答案。',
  en: 'The reports do not say.',
};

export function isRefusal(text: string): boolean {
  const flat = text.replace(/\s+/g, ' ').trim();
  return Object.values(REFUSAL).some((refusal) => flat.includes(refusal));
}
