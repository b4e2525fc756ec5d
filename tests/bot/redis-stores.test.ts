import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../src/observe/log.js';
import { redisState, type StateStore } from '../../src/state/store.js';
import { TestRedis } from '../support/redis-server.js';

describe('state in a real Redis', () => {
  let redis: TestRedis;
  let one: StateStore;
  let other: StateStore;

  beforeAll(async () => {
    redis = await TestRedis.start();
    one = await redisState(redis.url, 60, silentLog);
    other = await redisState(redis.url, 60, silentLog);
  });

  afterAll(async () => {
    await one?.close();
    await other?.close();
    await redis?.stop();
  });

  it('lets exactly the limit through a sliding window, whichever process asks, and tells once a window', async () => {
    const now = 1_000_000;
    const taken = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : other).rates.take('ask:1', 5, 60_000, now + i)),
    );
    expect(taken.filter(Boolean)).toHaveLength(5);
    // The window slides: a place frees up a minute after it was taken, not at a fixed reset.
    expect(await one.rates.take('ask:1', 5, 60_000, now + 59_999)).toBe(false);
    expect(await other.rates.take('ask:1', 5, 60_000, now + 60_001)).toBe(true);
    expect(await one.rates.take('ask:2', 5, 60_000, now)).toBe(true);

    const notices = await Promise.all([one, other, one].map((store) => store.rates.claimNotice('ask:1', 60_000, now)));
    expect(notices.filter(Boolean)).toHaveLength(1);
  });

  it('keeps conversations with a time to live, under the prefix', async () => {
    await one.conversations.write('7', { turns: [{ question: 'q', answer: 'a', at: 1 }] });
    expect(await other.conversations.read('7')).toEqual({ turns: [{ question: 'q', answer: 'a', at: 1 }] });
    const raw = new Redis(redis.url);
    try {
      const ttl = await raw.ttl('qd:conversation:7');
      expect(ttl).toBeGreaterThan(3_500);
      expect(ttl).toBeLessThanOrEqual(3_600);
    } finally {
      raw.disconnect();
    }
  });
});
