import { session, type Context, type Middleware, type StorageAdapter } from 'grammy';
import type { Conversation } from '../../state/conversation.js';
import type { BotContext } from '../context.js';

/**
 * Whose conversation a message belongs to: a private chat is one conversation; in a group each
 * person has their own in each forum topic, so that one reader's follow-up is not read against
 * another's question. Only messages have one, and taps that `ask` a question (an example
 * question's button): the tapper's conversation where the button is. Other button taps and inline
 * queries ask nothing of it.
 */
export function conversationKey(ctx: Context, asks: (data: string) => boolean = () => false): string | undefined {
  const tap = ctx.callbackQuery;
  const message = ctx.message ?? (tap?.data && asks(tap.data) ? tap.message : undefined);
  if (!message || !ctx.chat) return undefined;
  const thread = 'is_topic_message' in message && message.is_topic_message ? message.message_thread_id : undefined;
  const person = ctx.chat.type === 'private' ? undefined : ctx.from?.id;
  // File names and Redis keys alike: digits, minus signs and underscores only.
  return [ctx.chat.id, person, thread].filter((part) => part !== undefined).join('_');
}

/**
 * grammY sessions holding each conversation, in `storage` (files by default; Redis, a database
 * later); `asks` tells the button taps that ask a question.
 */
export function conversations(
  storage: StorageAdapter<Conversation>,
  asks?: (data: string) => boolean,
): Middleware<BotContext> {
  return session<Conversation, BotContext>({
    initial: () => ({ turns: [] }),
    getSessionKey: (ctx) => conversationKey(ctx, asks),
    storage,
  });
}
