import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, type Running } from '../../src/app/run.js';
import type { Core } from '../../src/domain/ports.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import type { BotMessage, TestTelegram } from '../support/telegram-server.js';
import { logInto } from '../support/log.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
const LIMIT = 20;
const isAnswer = (m: BotMessage) => m.text.includes('50.1亿元') && m.buttons.length > 0;
const isNotice = (m: BotMessage) => m.text.includes('提问太频繁');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Bot API's faults and floods, with the real bot polling a loopback Bot API. */
describe('Bot API calls and rate limits', () => {
  let testbed: Testbed;
  let telegram: TestTelegram;
  let config: Config;
  let core: Core;
  let running: Running | null = null;

  beforeAll(async () => {
    testbed = await botTestbed({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    ({ telegram, config, core } = testbed);
  });

  afterEach(async () => {
    telegram.intercept = null;
    await running?.stop();
    running = null;
  });

  afterAll(async () => {
    await testbed?.close();
  });

  /** Until every update sent has been fetched and handled. */
  async function settled(bot: Running): Promise<void> {
    let quiet = 0;
    for (let i = 0; i < 1_200 && quiet < 10; i++) {
      const unread = telegram.inner.storage.userMessages.some((update) => !update.isRead);
      quiet = unread || bot.inHand() > 0 ? 0 : quiet + 1;
      await sleep(50);
    }
  }

  it("answers other chats while one chat's sends stall, and that chat after the request timeout", async () => {
    // The production timeout is 30 s; a short one keeps the test short, the same figures apart.
    const timeoutSeconds = 2;
    const stallMs = 3_000;
    const logs: string[] = [];
    const qa = await createBot(core, config, { log: logInto(logs), apiTimeoutSeconds: timeoutSeconds });
    running = await startPolling(qa, config);
    const [stuck, other] = [telegram.user({ userId: 911 }), telegram.user({ userId: 912 })];
    const answers = (chatId: number) => telegram.messages(chatId).filter(isAnswer);
    telegram.stall('sendMessage', stuck.chatId, stallMs);
    const asked = Date.now();
    // Two questions in the stalled chat, the second waiting behind the first; one in another chat.
    await stuck.say(QUESTION);
    await stuck.say(QUESTION);
    await other.say(QUESTION);
    await telegram.waitFor(other.chatId, isAnswer, 10_000);
    expect(answers(stuck.chatId)).toEqual([]);
    // The stalled send is given up after the timeout and sent again after auto-retry's 3 s pause.
    const bound = timeoutSeconds * 1_000 + 3_000 + 4_000;
    for (let i = 0; i < bound / 50 && answers(stuck.chatId).length < 2; i++) await sleep(50);
    expect(answers(stuck.chatId)).toHaveLength(2);
    expect(Date.now() - asked).toBeGreaterThan(timeoutSeconds * 1_000);
    expect(Date.now() - asked).toBeLessThan(bound);
    expect(logs.join('\n')).toMatch(/timed out after 2 seconds[^\n]*the Bot API did not answer; retrying/);
  }, 60_000);

  it('answers at most RATE_LIMIT_PER_MINUTE of 200 questions sent in one second, and says so once', async () => {
    // Unthrottled: twenty answers at Telegram's one message a second per chat would take longer
    // than the minute the limit counts, and let a 21st through rightly.
    const bot = await startPolling(await createBot(core, config, { log: logInto([]) }), config, { throttle: false });
    running = bot;
    const user = telegram.user({ userId: 901 });
    await Promise.all(Array.from({ length: 200 }, () => user.say(QUESTION)));
    await settled(bot);
    const messages = telegram.messages(901);
    expect(messages.filter(isAnswer).length).toBeGreaterThan(0);
    expect(messages.filter(isAnswer).length).toBeLessThanOrEqual(LIMIT);
    expect(messages.filter(isNotice)).toHaveLength(1);
    // Nothing else: no apology, no second notice, no stray message.
    expect(messages.filter((m) => !isAnswer(m) && !isNotice(m))).toEqual([]);
  }, 120_000);
});
