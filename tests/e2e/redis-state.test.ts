import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startPolling, type Running } from '../../src/app/run.js';
import { createBot } from '../../src/bot/bot.js';
import type { Core } from '../../src/domain/ports.js';
import type { StateStore } from '../../src/state/store.js';
import { redisState } from '../../src/state/redis/state.js';
import { logInto } from '../support/log.js';
import { TestRedis } from '../support/redis-server.js';
import type { BotMessage, TestTelegram } from '../support/telegram-server.js';
import type { Update } from 'grammy/types';
import { botTestbed, type Testbed } from '../support/testbed.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
const FOLLOW_UP = '那陇南呢？';
/** Asked of a core that writes until it is stopped. */
const ENDLESS = '慢慢说说崂山的灯杆';
const ADMIN = 62;

const isAnswer = (m: BotMessage) => m.text.includes('50.1亿元') && m.buttons.length > 0;
const answerIdOf = (m: BotMessage) =>
  /^vote:[+-]:(\w+)$/.exec(m.buttons.find((b) => b.text.startsWith('👍'))!.callback_data)![1];

/**
 * Two bot processes (two createBot instances, each with a DATA_DIR and a Redis connection of its
 * own) on one real redis-server and one index, taking turns at the loopback Bot API: what one
 * process kept, the other finds.
 */
describe('two bot processes sharing state in Redis', () => {
  let testbed: Testbed;
  let telegram: TestTelegram;
  let redis: TestRedis;
  let watched: Core;
  const asked: Array<{ question: string; history: string[] }> = [];
  const processes: Record<'A' | 'B', { config: Config; state: StateStore; logs: string[] }> = {} as never;
  /** A third connection, for the test's own look at what is stored. */
  let inspect: StateStore;
  let running: Running | undefined;

  /** Updates go to process `name` from now on (the other stops polling, as behind a balancer). */
  const on = async (name: 'A' | 'B') => {
    await running?.stop();
    const { config, state, logs } = processes[name];
    running = await startPolling(await createBot(watched, config, { log: logInto(logs), state }), config);
  };

  beforeAll(async () => {
    redis = await TestRedis.start();
    testbed = await botTestbed({ ADMIN_USER_IDS: String(ADMIN), REDIS_URL: redis.url });
    telegram = testbed.telegram;
    const core = testbed.core;
    watched = {
      ...core,
      ask: async (question, options) => {
        asked.push({ question, history: (options?.history ?? []).map((turn) => turn.question) });
        if (question !== ENDLESS) return core.ask(question, options);
        options?.onDraft?.('崂山区今年', []);
        const signal = options!.signal!;
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        throw signal.reason;
      },
      get busy() {
        return core.busy;
      },
    };
    for (const name of ['A', 'B'] as const) {
      const logs: string[] = [];
      const dataDir = await mkdtemp(path.join(os.tmpdir(), `qd-process-${name}-`));
      const state = await redisState(redis.url, testbed.config.historyTtlMinutes, logInto(logs));
      processes[name] = { config: { ...testbed.config, dataDir }, state, logs };
    }
    inspect = await redisState(redis.url, 60, logInto([]));
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    for (const { state, config } of Object.values(processes)) {
      await state.close();
      await rm(config.dataDir, { recursive: true, force: true });
    }
    await inspect?.close();
    await testbed?.close();
    await redis?.stop();
  });

  it('keeps a conversation, source taps, votes (once per person) and /stats across processes', async () => {
    const reader = telegram.user({ userId: 601 });
    await on('A');
    await reader.say(QUESTION);
    const answer = await telegram.waitFor(601, isAnswer);

    await on('B');
    await reader.say(FOLLOW_UP);
    await telegram.waitFor(601, () => telegram.messages(601).length === 2);
    expect(asked.find((a) => a.question === FOLLOW_UP)?.history).toEqual([QUESTION]);

    // A's answer, its source tapped and voted on at B.
    await reader.tap(answer, '📄 1');
    await telegram.waitFor(601, (m) => m.replyTo === answer.messageId);
    await reader.tap(answer, '👍');
    await telegram.waitFor(601, (m) => m.messageId === answer.messageId && m.buttons.some((b) => b.text === '👍 1'));

    // The same person's second 👍, at A, is the same vote.
    await on('A');
    const callbacks = telegram.callsTo('answerCallbackQuery').length;
    await reader.tap(answer, '👍');
    await expect.poll(() => telegram.callsTo('answerCallbackQuery').length).toBeGreaterThan(callbacks);
    expect(await inspect.feedback.tally(answerIdOf(answer))).toEqual({ up: 1, down: 0 });

    await telegram.user({ userId: ADMIN }).command('/stats');
    const stats = await telegram.waitFor(ADMIN, (m) => m.text.includes('使用情况'));
    expect(stats.text).toContain('今天 2 个问题：');
  });

  it('keeps acknowledged votes and conversations through a Redis crash, and answers while it is down', async () => {
    const reader = telegram.user({ userId: 602 });
    await on('A');
    await reader.say(QUESTION);
    const answer = await telegram.waitFor(602, isAnswer);
    await reader.tap(answer, '👎');
    await telegram.waitFor(602, (m) => m.messageId === answer.messageId && m.buttons.some((b) => b.text === '👎 1'));

    await redis.kill();
    const down = telegram.user({ userId: 603 });
    await down.say(QUESTION);
    await telegram.waitFor(603, isAnswer);
    const outage = () => processes.A.logs.filter((line) => line.includes('Redis is unreachable'));
    await expect.poll(() => outage().length).toBe(1);
    // Reconnection keeps failing, quietly: one line per outage.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(outage()).toHaveLength(1);
    // …and it is the only warning or error the outage caused.
    expect(processes.A.logs.filter((line) => JSON.parse(line).level >= 40)).toEqual(outage());
    expect(JSON.parse(outage()[0]).level).toBe(50);

    await redis.run();
    await expect
      .poll(() => processes.A.logs.some((line) => line.includes('Redis is back')), { timeout: 10_000 })
      .toBe(true);
    await expect
      .poll(() => inspect.feedback.tally(answerIdOf(answer)).catch(() => null), { timeout: 10_000 })
      .toEqual({ up: 0, down: 1 });

    await on('B');
    await reader.say(FOLLOW_UP);
    await telegram.waitFor(602, () => telegram.messages(602).length >= 2 && asked.at(-1)?.question === FOLLOW_UP);
    await expect.poll(() => asked.filter((a) => a.question === FOLLOW_UP).length).toBe(2);
    expect(asked.filter((a) => a.question === FOLLOW_UP).at(-1)?.history).toEqual([QUESTION]);
  });

  it('stops an answer being written on A with a ⏹ tapped on B', async () => {
    const reader = telegram.user({ userId: 604 });
    await on('A');
    await reader.say(ENDLESS);
    const streaming = await telegram.waitFor(604, (m) => m.buttons.some((b) => b.text.startsWith('⏹')));
    // B takes the tap while A, still polling, writes the answer: two processes at once.
    const b = await createBot(watched, processes.B.config, {
      log: logInto(processes.B.logs),
      state: processes.B.state,
    });
    await b.bot.init();
    const tap: Update = {
      update_id: 900_001,
      callback_query: {
        id: 'stop-from-b',
        from: { id: 604, is_bot: false, first_name: 'Reader' },
        chat_instance: '604',
        data: streaming.buttons.find((button) => button.text.startsWith('⏹'))!.callback_data,
        message: telegram.seen(streaming),
      },
    };
    await b.bot.handleUpdate(tap);
    const stopped = await telegram.waitFor(604, (m) => m.text.endsWith('⏹ <i>已停止。</i>'));
    expect(stopped.messageId).toBe(streaming.messageId);
  });

  it('answers 200 readers spread over both processes at once, through a Redis crash: none lost or twice, every follow-up in context', async () => {
    await running?.stop();
    running = undefined;
    const bots = await Promise.all(
      (['A', 'B'] as const).map(async (name) => {
        const { config, state, logs } = processes[name];
        const qa = await createBot(watched, config, { log: logInto(logs), state });
        await qa.bot.init();
        return qa.bot;
      }),
    );
    const readers = Array.from({ length: 200 }, (_, i) => 10_000 + i);
    let updateId = 950_000;
    const message = (userId: number, text: string, messageId: number): Update => ({
      update_id: updateId++,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private', first_name: 'Reader' },
        from: { id: userId, is_bot: false, first_name: 'Reader' },
        text,
      },
    });
    const answers = (userId: number) =>
      telegram.messages(userId).filter((m) => m.buttons.some((b) => b.text.startsWith('👍')));
    const askedBefore = asked.length;
    const questionsBefore = (await inspect.usage.figures()).today.questions;

    // Each reader's question on one process, the follow-up on the other, all readers at once.
    await Promise.all(readers.map((userId, i) => bots[i % 2].handleUpdate(message(userId, QUESTION, 1))));

    // Redis crashes; 50 more readers are answered meanwhile; it comes back over its append-only file.
    const back = () =>
      Object.values(processes).map(({ logs }) => logs.filter((l) => l.includes('Redis is back')).length);
    const backBefore = back();
    await redis.kill();
    const meanwhile = Array.from({ length: 50 }, (_, i) => 20_000 + i);
    await Promise.all(meanwhile.map((userId, i) => bots[i % 2].handleUpdate(message(userId, QUESTION, 1))));
    expect(meanwhile.filter((userId) => answers(userId).length !== 1)).toEqual([]);
    await redis.run();
    await expect.poll(() => back().every((n, i) => n > backBefore[i]), { timeout: 15_000 }).toBe(true);
    await Promise.all(readers.map((userId, i) => bots[(i + 1) % 2].handleUpdate(message(userId, FOLLOW_UP, 2))));

    expect(readers.filter((userId) => answers(userId).length !== 2)).toEqual([]);
    const followUps = asked.slice(askedBefore).filter((a) => a.question === FOLLOW_UP);
    expect(followUps).toHaveLength(200);
    expect(followUps.filter((a) => a.history.join() !== QUESTION)).toEqual([]);
    await expect.poll(async () => (await inspect.usage.figures()).today.questions).toBe(questionsBefore + 400);
  }, 120_000);
});
