import path from 'node:path';
import type { StorageAdapter } from 'grammy';
import { FileAdapter } from '@grammyjs/storage-file';
import type { Turn } from '../domain/types.js';

/** An exchange of a conversation, with when it was asked: old ones are not used for follow-ups. */
export interface TimedTurn extends Turn {
  at: number;
}

/** What the bot keeps of one conversation: a private chat, or one person in one group topic. */
export interface Conversation {
  turns: TimedTurn[];
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
