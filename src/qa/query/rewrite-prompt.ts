import type { Turn } from '../../domain/types.js';
import type { ChatMessage } from '../../adapters/chat.js';
import { fillPrompt, formatHistory, loadPrompt } from '../prompts.js';

/** Asks the chat model for the follow-up as a question that stands alone. */
export function buildRewriteMessages(question: string, history: Turn[]): ChatMessage[] {
  return [{ role: 'user', content: fillPrompt(loadPrompt('rewrite'), { history: formatHistory(history), question }) }];
}
