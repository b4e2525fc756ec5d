import type { UserError, UserErrorCode } from '../../domain/types.js';
import type { Translate } from './translate.js';

/**
 * Refusals a chat says in words of its own — with an example to ask, or as a chat's reply to a
 * voice message — instead of the core's sentence, which logs and the command line keep.
 */
const CHAT_WORDING: Partial<Record<UserErrorCode, string>> = {
  'question-empty': 'empty-question',
  'voice-unavailable': 'voice-untranscribed',
  'voice-too-long': 'voice-too-long-chat',
};

/** A refusal from the core, in the reader's locale: its code names the Fluent message. Plain text. */
export function userErrorText(error: UserError, t: Translate): string {
  return t(CHAT_WORDING[error.code] ?? error.code, error.args);
}
