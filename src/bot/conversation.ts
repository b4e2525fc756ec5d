import path from 'node:path';
import { session, type Context, type Middleware, type StorageAdapter } from 'grammy';
import { FileAdapter } from '@grammyjs/storage-file';
import type { Turn } from '../types.js';
import type { BotContext, Conversation, TimedTurn } from './context.js';

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

/** The turns a follow-up may lean on: the newest `maxTurns` of those asked within `ttlMs`. */
export function recentTurns(conversation: Conversation, now: number, ttlMs: number, maxTurns: number): Turn[] {
  // slice(-0) would be everything.
  if (maxTurns === 0) return [];
  return conversation.turns
    .filter((turn) => now - turn.at < ttlMs)
    .slice(-maxTurns)
    .map(({ question, answer }) => ({ question, answer }));
}

/** The conversation with one more exchange, keeping only what a later follow-up could use. */
export function withTurn(conversation: Conversation, turn: TimedTurn, ttlMs: number, maxTurns: number): Conversation {
  if (maxTurns === 0) return { turns: [] };
  const kept = conversation.turns.filter((old) => turn.at - old.at < ttlMs);
  return { turns: [...kept, turn].slice(-maxTurns) };
}

/**
 * Conversations as JSON files under DATA_DIR/conversations, so a follow-up after a restart still
 * has its context. A file cut short by a crash reads as an empty conversation rather than an
 * error for every later message of that chat.
 */
export function fileConversations(dataDir: string): StorageAdapter<Conversation> {
  return new FileAdapter<Conversation>({
    dirName: path.join(dataDir, 'conversations'),
    serializer: (value) => JSON.stringify(value),
    deserializer: (text) => {
      try {
        const value = JSON.parse(text) as Conversation;
        return Array.isArray(value?.turns) ? value : { turns: [] };
      } catch {
        return { turns: [] };
      }
    },
  });
}

/** grammY sessions holding each conversation, in `storage` (files by default; Redis, a database later). */
export function conversations(storage: StorageAdapter<Conversation>): Middleware<BotContext> {
  return session<Conversation, BotContext>({
    initial: () => ({ turns: [] }),
    getSessionKey: conversationKey,
    storage,
  });
}
