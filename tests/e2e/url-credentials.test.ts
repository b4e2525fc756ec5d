import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/bot.js';
import { createCore } from '../../src/app/core.js';
import { startPolling } from '../../src/app/run.js';
import { logInto } from '../support/log.js';
import { FakeOpenAIServer } from '../support/openai-server.js';
import { TestTelegram, type BotMessage } from '../support/telegram-server.js';
import { botTestbed } from '../support/testbed.js';
import { npmStart, tempWorkspace, testConfig } from '../support/workspace.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
const KEY = 'sk-test-url-credentials-key';
const PASSWORD = 'Pr0xy-Passw0rd-7c1e';
const answered = (m: BotMessage) => m.buttons.some((b) => b.text.startsWith('👍'));

/** The fake API's URL with a proxy's credentials in it, as an operator would configure one. */
const withCredentials = (url: string) => url.replace('http://', `http://proxyuser:${PASSWORD}@`);

/** Everything the bot sent to Telegram: message texts, buttons, any payload. */
const sentToTelegram = (telegram: TestTelegram) => JSON.stringify(telegram.calls);

/**
 * Issue 16, rows 10–11: credentials inside a configured base URL (a proxy's user:password) reach
 * no log line, no standard error and no reader, whether the logger masks them or not.
 */
describe('a password inside a configured API URL', () => {
  let api: Awaited<ReturnType<FakeOpenAIServer['start']>>;
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let telegram: TestTelegram;

  beforeEach(async () => {
    api = await new FakeOpenAIServer({ dim: 32, apiKey: KEY }).start();
    workspace = await tempWorkspace();
    telegram = await TestTelegram.start();
  });
  afterEach(async () => {
    await telegram.stop();
    await api.close();
    await workspace.remove();
  });

  it('in EMBEDDING_BASE_URL: `npm start` exits at start saying what failed, without the password', async () => {
    const { stderr, exited } = npmStart({
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      EMBEDDING_API_KEY: KEY,
      EMBEDDING_BASE_URL: withCredentials(api.url),
      EMBEDDING_MODEL: 'test-embed',
    });
    expect(await exited).toBe(1);
    expect(stderr()).toMatch(/Could not reach the embedding API at http:\/\/127\.0\.0\.1:\d+\/v1.*EMBEDDING_BASE_URL/);
    expect(stderr()).not.toContain(PASSWORD);
    expect(sentToTelegram(telegram)).not.toContain(PASSWORD);
  });

  it('in EMBEDDING_BASE_URL: the core refuses to start with an error that does not quote it, even unmasked', async () => {
    const logs: string[] = [];
    const config = testConfig({
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      EMBEDDING_API_KEY: KEY,
      EMBEDDING_BASE_URL: withCredentials(api.url),
      EMBEDDING_MODEL: 'test-embed',
    });
    const failure = (await createCore(config, { log: logInto(logs) }).catch((error: unknown) => error)) as Error;
    expect(failure.message).toMatch(/embedding API at http:\/\/127\.0\.0\.1:\d+\/v1.*credentials/);
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toContain(PASSWORD);
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });

  it('in OPENAI_BASE_URL: `npm start` answers offline and warns of the chat model, never showing the password', async () => {
    const { child, stderr, exited } = npmStart({
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: withCredentials(api.url),
      CHAT_MODEL: 'test-chat',
      EMBEDDING_MODEL: 'offline',
    });
    try {
      for (let i = 0; i < 300 && !telegram.calls.some((call) => call.method === 'deleteWebhook'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await telegram.user({ userId: 1001 }).say(QUESTION);
      const answer = await telegram.waitFor(1001, answered);
      expect(answer.text).toContain('离线');
      expect(answer.text).toContain('50.1亿元');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr()).toMatch(/Could not reach the chat model API at http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(stderr()).toContain('the chat model failed');
    expect(stderr()).not.toContain(PASSWORD);
    expect(sentToTelegram(telegram)).not.toContain(PASSWORD);
  });

  it('in OPENAI_BASE_URL: the bot and core on loopback log the failure without it, even unmasked', async () => {
    const coreLogs: string[] = [];
    const botLogs: string[] = [];
    const testbed = await botTestbed(
      {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: withCredentials(api.url),
        CHAT_MODEL: 'test-chat',
        EMBEDDING_MODEL: 'offline',
      },
      { log: logInto(coreLogs) },
    );
    const running = await startPolling(
      await createBot(testbed.core, testbed.config, { log: logInto(botLogs) }),
      testbed.config,
    );
    try {
      await testbed.telegram.user({ userId: 1002 }).say(QUESTION);
      const answer = await testbed.telegram.waitFor(1002, answered);
      expect(answer.text).toContain('离线');
      const warning = coreLogs.find((line) => line.includes('the chat model failed'));
      expect(warning).toMatch(/Could not reach the chat model API at http:\/\/127\.0\.0\.1:\d+\/v1.*credentials/);
      expect([...coreLogs, ...botLogs].join('\n')).not.toContain(PASSWORD);
      expect(sentToTelegram(testbed.telegram)).not.toContain(PASSWORD);
    } finally {
      await running.stop();
      await testbed.close();
    }
  });
});
