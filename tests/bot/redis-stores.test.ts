import { Redis } from 'ioredis';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../src/observe/log.js';
import { fileState, openState, type StateStore } from '../../src/state/store.js';
import { redisState } from '../../src/state/redis/state.js';
import type { Answer } from '../../src/domain/types.js';
import { FeedbackStore } from '../../src/state/feedback-store.js';
import { RedisFeedback } from '../../src/state/redis/feedback.js';
import { logInto } from '../support/log.js';
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

  it('imports the files of DATA_DIR on the first start over them, once, and says how many', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'qd-import-'));
    try {
      const files = await fileState(dataDir);
      await files.conversations.write('-5_9', { turns: [{ question: '问', answer: '答', at: Date.now() }] });
      await files.conversations.write('8', { turns: [{ question: '旧', answer: '答', at: Date.now() - 7_200_000 }] });
      const answer = {
        question: '问题',
        text: '回答',
        mode: 'offline',
        refused: false,
        citations: [],
      } as unknown as Answer;
      const { id, saved } = files.feedback.remember(-5, answer);
      await saved;
      await files.feedback.vote({ answerId: id, up: true, userId: 9, chatId: -5, messageId: 1 });
      await files.feedback.vote({ answerId: id, up: false, userId: 9, chatId: -5, messageId: 1 });
      await files.feedback.vote({ answerId: id, up: true, userId: 10, chatId: -5, messageId: 1 });
      await files.usage.record('answered', 1200);
      await files.usage.record('refused', 800);

      const logs: string[] = [];
      const before = (await one.usage.figures()).today.questions;
      for (let start = 0; start < 2; start++) await (await redisState(redis.url, 60, logInto(logs), dataDir)).close();
      const said = logs.filter((line) => line.includes('imported the files of DATA_DIR'));
      expect(said).toHaveLength(1);
      expect(JSON.parse(said[0])).toMatchObject({ conversations: 1, answers: 1, votes: 3, usage: 2 });

      expect((await other.conversations.read('-5_9'))?.turns[0].question).toBe('问');
      expect(await other.conversations.read('8')).toBeUndefined();
      expect((await other.feedback.get(id))?.question).toBe('问题');
      expect(await other.feedback.tally(id)).toEqual({ up: 1, down: 1 });
      expect((await other.usage.figures()).today.questions).toBe(before + 2);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('is chosen in one place: Redis when REDIS_URL is set, else the files of DATA_DIR', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'qd-choose-'));
    try {
      const files = await openState({ dataDir, redisUrl: null, historyTtlMinutes: 60 }, silentLog);
      await files.conversations.write('11', { turns: [] });
      expect(await other.conversations.read('11')).toBeUndefined();
      const shared = await openState({ dataDir, redisUrl: redis.url, historyTtlMinutes: 60 }, silentLog);
      try {
        await shared.conversations.write('12', { turns: [] });
        expect(await other.conversations.read('12')).toEqual({ turns: [] });
        expect(files.feedback).toBeInstanceOf(FeedbackStore);
        expect(shared.feedback).toBeInstanceOf(RedisFeedback);
      } finally {
        await shared.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('shares inline answers between processes for five minutes', async () => {
    const answer = {
      question: '问题',
      text: '回答',
      mode: 'offline',
      refused: false,
      citations: [],
    } as unknown as Answer;
    expect(await other.inlineCache.get('问题', 0)).toBeUndefined();
    await one.inlineCache.set('问题', answer, 0);
    expect(await other.inlineCache.get('问题', 0)).toEqual(answer);
    const raw = new Redis(redis.url);
    try {
      const [key] = await raw.keys('qd:inline:*');
      expect(await raw.pttl(key)).toBeGreaterThan(299_000);
    } finally {
      raw.disconnect();
    }
  });
});
