import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Answer } from '../../domain/types.js';
import { INLINE_CACHE_MS, type InlineCache } from '../inline-cache.js';

/** A query may be long and hold anything: its key is its hash. */
const key = (query: string) => `inline:${createHash('sha256').update(query).digest('hex')}`;

/**
 * Inline answers shared by every process, each expiring after the same five minutes. A cache
 * Redis cannot serve is a miss: the question is answered afresh.
 */
export class RedisInlineCache implements InlineCache {
  constructor(private readonly redis: Redis) {}

  async get(query: string): Promise<Answer | undefined> {
    const raw = await this.redis.get(key(query)).catch(() => null);
    return raw ? (JSON.parse(raw) as Answer) : undefined;
  }

  async set(query: string, answer: Answer): Promise<void> {
    await this.redis
      .set(key(query), JSON.stringify(answer), 'PX', INLINE_CACHE_MS)
      .then(() => undefined)
      .catch(() => undefined);
  }
}
