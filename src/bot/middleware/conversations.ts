import { session, type Context, type Middleware, type StorageAdapter } from 'grammy';
import type { Conversation } from '../../state/conversation.js';
import type { BotContext } from '../context.js';

/**
 * Whose conversation a message belongs to: a private chat is one conversation; in a group each
 * person has their own in each forum topic, so that one reader's follow-up is not read against
 * another's question. Only messages have one: a button tap or an inline query asks nothing of it.
 */
export function conversationKey(ctx: Context): string | undefined {
  const message = ctx.message;
  if (!message || !ctx.chat) return undefined;
  const thread = message.is_topic_message ? message.message_thread_id : undefined;
  const person = ctx.chat.type === 'private' ? undefined : ctx.from?.id;
  // File names and Redis keys alike: digits, minus signs and underscores only.
  return [ctx.chat.id, person, thread].filter((part) => part !== undefined).join('_');
}

/** grammY sessions holding each conversation, in `storage` (files by default; Redis, a database later). */
export function conversations(storage: StorageAdapter<Conversation>): Middleware<BotContext> {
  return session<Conversation, BotContext>({
    initial: () => ({ turns: [] }),
    getSessionKey: conversationKey,
    storage,
  });
}
