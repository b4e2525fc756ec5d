import { UserError } from '../../domain/types.js';

/** The question trimmed, or a UserError when it is empty or longer than `maxChars` characters. */
export function acceptQuestion(question: string, maxChars: number): string {
  const trimmed = question.trim();
  const length = [...trimmed].length;
  if (!trimmed) throw new UserError('question-empty');
  if (length > maxChars) throw new UserError('question-too-long', { length, max: maxChars });
  return trimmed;
}
