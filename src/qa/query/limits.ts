import { UserError } from '../../domain/types.js';

/** The question trimmed, or a UserError when it is empty or longer than `maxChars` characters. */
export function acceptQuestion(question: string, maxChars: number): string {
  const trimmed = question.trim();
  const length = [...trimmed].length;
  if (!trimmed) throw new UserError('the question is empty', '问题是空的');
  if (length > maxChars) {
    throw new UserError(
      `the question is too long: ${length} characters, at most ${maxChars}`,
      `问题太长：${length} 个字，最多 ${maxChars} 个字`,
    );
  }
  return trimmed;
}
