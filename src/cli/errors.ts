import { UserError } from '../domain/types.js';

/**
 * What an operator is told of a failure: a refusal in the locales' words (in English, as the
 * tools' flags and logs are), anything else by its message.
 */
export function errorText(error: unknown): string {
  if (error instanceof UserError) return error.in('en');
  return error instanceof Error ? error.message : String(error);
}
