import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../src/app/config.js';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, type Running } from '../../src/app/run.js';
import type { Core } from '../../src/domain/ports.js';
import { npmStart } from '../support/workspace.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import { type TestTelegram, freePort, type BotMessage } from '../support/telegram-server.js';
import { logInto } from '../support/log.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
const ADMINS = [601, 602, 603];
const isAnswer = (m: BotMessage) => m.text.includes('50.1亿元') && m.buttons.length > 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Faults a deployment meets, each injected into the local Bot API or the index, with the real bot. */
describe('faults in operation', () => {
  let testbed: Testbed;
  let workspace: Testbed['workspace'];
  let telegram: TestTelegram;
  let config: Config;
  let core: Core;
  let running: Running | null = null;
  let logs: string[] = [];

  beforeAll(async () => {
    testbed = await botTestbed({ RATE_LIMIT_PER_MINUTE: '100', ADMIN_USER_IDS: ADMINS.join(',') });
    ({ workspace, telegram, config, core } = testbed);
  });

  // A fault a test injected ends with it, whether it passed or not.
  afterEach(() => {
    telegram.intercept = null;
  });

  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
  });

  async function startBot(options: { conflictGiveUpMs?: number } = {}, botCore: Core = core): Promise<Running> {
    await running?.stop();
    logs = [];
    running = await startPolling(await createBot(botCore, config, { log: logInto(logs) }), config, options);
    return running;
  }

  /** How many reindexes the core ran to the end. */
  async function reindexRuns(): Promise<number> {
    const metrics = await core.metrics.registry.metrics();
    return Number(
      /^qa_index_change_duration_seconds_count\{change="reindex",result="ok"\} (\d+)$/m.exec(metrics)?.[1] ?? 0,
    );
  }

  it('keeps polling through a passing 409 Conflict, says so in the log, and answers', async () => {
    let conflicts = 2;
    telegram.intercept = (method) =>
      method === 'getUpdates' && conflicts-- > 0
        ? { status: 409, description: 'Conflict: terminated by other getUpdates request' }
        : null;
    const bot = await startBot();
    let stopped = false;
    bot.done.catch(() => (stopped = true));
    await telegram.user({ userId: 201 }).say(QUESTION);
    await telegram.waitFor(201, isAnswer);
    expect(stopped).toBe(false);
    expect(logs.join('\n')).toMatch(/409 Conflict on getUpdates: another process is polling/);
  });

  it('logs a failed getUpdates (the runner retries it by itself) and keeps answering', async () => {
    // Not a 5xx: auto-retry retries those before the runner sees them.
    await startBot();
    // Set once the bot polls: a runner being stopped must not take the fault.
    let failures = 1;
    telegram.intercept = (method) =>
      method === 'getUpdates' && failures-- > 0 ? { status: 400, description: 'Bad Request: wrong offset' } : null;
    for (let i = 0; i < 100 && failures >= 0; i++) await sleep(50);
    await telegram.user({ userId: 202 }).say(QUESTION);
    await telegram.waitFor(202, isAnswer);
    expect(logs.join('\n')).toMatch(/wrong offset[^\n]*getUpdates failed; retrying/);
  });

  it('gives up on a conflict that lasts, with a message that says what to do', async () => {
    telegram.intercept = (method) =>
      method === 'getUpdates'
        ? { status: 409, description: "Conflict: can't use getUpdates method while webhook is active" }
        : null;
    const bot = await startBot({ conflictGiveUpMs: 1_500 });
    await expect(bot.done).rejects.toThrow(
      /409 Conflict: another process is polling with this TELEGRAM_BOT_TOKEN, or a webhook was set/,
    );
    telegram.intercept = null;
  });

  it('delivers every answer when Telegram answers every other sendMessage with 429 retry_after', async () => {
    let sends = 0;
    telegram.intercept = (method) =>
      method === 'sendMessage' && sends++ % 2 === 0
        ? { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }
        : null;
    await startBot();
    const users = Array.from({ length: 20 }, (_, i) => 300 + i);
    await Promise.all(users.map((id) => telegram.user({ userId: id }).say(QUESTION)));
    await Promise.all(users.map((id) => telegram.waitFor(id, isAnswer, 90_000)));
    expect(users.filter((id) => telegram.messages(id).some((m) => m.text.includes('抱歉')))).toEqual([]);
    telegram.intercept = null;
  }, 120_000);

  it('finds a full-text index damaged under it when a question hits it, answers, and rebuilds it', async () => {
    await startBot();
    const index = path.join(workspace.dataDir, 'index');
    const table = (await readdir(index)).find((name) => name.startsWith('chunks_'))!;
    await rm(path.join(index, table, '_indices'), { recursive: true });
    await telegram.user({ userId: 401 }).say(QUESTION);
    // Vectors alone answer while the index is rebuilt.
    await telegram.waitFor(401, isAnswer);
    let health = await core.health();
    for (let i = 0; i < 100 && !health.ready; i++) {
      await sleep(100);
      health = await core.health();
    }
    expect(health).toEqual({ ready: true, reason: null });
    expect(logs.join('\n')).not.toContain('update failed');
    await telegram.user({ userId: 402 }).say(QUESTION);
    await telegram.waitFor(402, isAnswer);
  });

  it('as `npm start`: serves /healthz, /readyz and /metrics on HEALTH_PORT, and stops within its grace period when the Bot API hangs', async () => {
    await running?.stop();
    running = null;
    const healthPort = await freePort();
    const { child, stderr, exited } = npmStart({
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      HEALTH_PORT: String(healthPort),
    });
    const get = (route: string) => fetch(`http://127.0.0.1:${healthPort}${route}`).catch(() => null);
    let ready = await get('/readyz');
    for (let i = 0; i < 300 && ready?.status !== 200; i++) {
      await sleep(100);
      ready = await get('/readyz');
    }
    expect(ready?.status).toBe(200);
    expect(await ready!.json()).toEqual({ ready: true, reason: null });
    expect((await get('/healthz'))?.status).toBe(200);

    await telegram.user({ userId: 501 }).say(QUESTION);
    await telegram.waitFor(501, isAnswer);
    const metrics = await (await get('/metrics'))!.text();
    expect(metrics).toMatch(/^qa_questions_total\{outcome="offline"\} 1$/m);
    expect(metrics).toMatch(/^qa_answer_duration_seconds_count\{outcome="offline"\} 1$/m);
    expect(metrics).toMatch(/^qa_index_pages 5$/m);
    expect(metrics).toMatch(/^qa_index_passages \d+$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);

    // The Bot API stops answering: the question is taken, its answer can never be sent.
    telegram.intercept = (method) => (method === 'getUpdates' ? null : 'hang');
    await telegram.user({ userId: 502 }).say(QUESTION);
    for (
      let i = 0;
      i < 100 && !telegram.calls.some((call) => call.method === 'sendChatAction' && call.payload.chat_id === 502);
      i++
    )
      await sleep(50);
    const signalled = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    // Without a bound it waits for grammY's 500-second API timeout.
    expect(Date.now() - signalled).toBeLessThan(30_000);
    expect(code).toBe(0);
    expect(stderr()).toMatch(/unfinished: their replies were dropped/);
    telegram.intercept = null;
  }, 90_000);

  it('merges a /reindex sent while one runs into that run, and tells both admins its result', async () => {
    // The first reindex is held, and reported running, until the second admin asks: the bot then
    // has every reason to refuse the second, and the core every chance to run it twice.
    let held: (() => void) | null = null;
    let holding = false;
    const watched: Core = {
      ...core,
      get busy() {
        return holding || core.busy;
      },
      reindex: async (options) => {
        if (held) held();
        else {
          holding = true;
          await new Promise<void>((resolve) => (held = resolve));
          holding = false;
        }
        return core.reindex(options);
      },
    };
    await startBot({}, watched);
    const before = await reindexRuns();
    const [first, second] = [telegram.user({ userId: ADMINS[0] }), telegram.user({ userId: ADMINS[1] })];
    await first.command('/reindex');
    await telegram.waitFor(ADMINS[0], (m) => m.text.includes('正在重建索引'));
    await second.command('/reindex');
    const results = await Promise.all(
      ADMINS.slice(0, 2).map((id) => telegram.waitFor(id, (m) => m.text.startsWith('✅'), 30_000)),
    );
    expect(results[0].text).toMatch(/^✅ 索引已重建：5 个版面/);
    expect(results[1].text).toBe(results[0].text);
    expect(await reindexRuns()).toBe(before + 1);
    expect(telegram.messages(ADMINS[1]).some((m) => m.text.includes('索引正在重建中'))).toBe(false);
  });

  it('finishes the ⏳ message of a reindex a restart interrupted, at the next start', async () => {
    await running?.stop();
    running = null;
    const env = {
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ADMIN_USER_IDS: ADMINS.join(','),
    };
    const polling = async (from: number) => {
      for (let i = 0; i < 300 && !telegram.calls.slice(from).some((call) => call.method === 'getUpdates'); i++)
        await sleep(100);
    };
    const admin = ADMINS[2];
    const first = npmStart(env);
    await polling(telegram.calls.length);
    // The Bot API stops taking edits: the reindex can never show how it ended.
    telegram.intercept = (method) => (method === 'editMessageText' ? 'hang' : null);
    await telegram.user({ userId: admin }).command('/reindex');
    const progress = await telegram.waitFor(admin, (m) => m.text.includes('正在重建索引'), 30_000);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.stderr()).toMatch(/unfinished: their replies were dropped/);
    expect(telegram.messages(admin).find((m) => m.messageId === progress.messageId)?.text).toContain('正在重建索引');

    telegram.intercept = null;
    const calls = telegram.calls.length;
    const second = npmStart(env);
    try {
      const closed = await telegram.waitFor(
        admin,
        (m) => m.messageId === progress.messageId && m.text.startsWith('⏹'),
        30_000,
      );
      expect(closed.text).toBe('⏹ 因重启而中断。如仍需要，请再发一次。');
      await polling(calls);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    // Closed once: a third start has nothing left to close.
    const third = npmStart(env);
    const edits = telegram.calls.filter((call) => call.method === 'editMessageText').length;
    await polling(telegram.calls.length);
    third.child.kill('SIGTERM');
    await third.exited;
    expect(telegram.calls.filter((call) => call.method === 'editMessageText')).toHaveLength(edits);
  }, 120_000);
});
