import type { StorageAdapter } from 'grammy';
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { Redis } from 'ioredis';
import type { Conversation } from '../conversation.js';

/**
 * Conversations in Redis, so a follow-up that reaches another process keeps its context. A
 * conversation expires with its last exchange's time to live: nothing older is used anyway. While
 * Redis is down a conversation reads as empty and is not kept, and the reader is still answered.
 */
/** The key a conversation is kept under (after the connection's prefix). */
export const conversationRedisKey = (key: string) => `conversation:${key}`;

/** How long a conversation is kept after its last exchange, in seconds. */
export const conversationTtlSeconds = (ttlMinutes: number) => Math.max(1, ttlMinutes * 60);

export function redisConversations(redis: Redis, ttlMinutes: number): StorageAdapter<Conversation> {
  const stored = new RedisAdapter<Conversation>({ instance: redis, ttl: conversationTtlSeconds(ttlMinutes) });
  return {
    read: (key) => stored.read(conversationRedisKey(key)).catch(() => undefined),
    write: (key, value) => stored.write(conversationRedisKey(key), value).catch(() => undefined),
    delete: (key) => stored.delete(conversationRedisKey(key)).catch(() => undefined),
  };
}
