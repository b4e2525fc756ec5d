import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startPolling, type Running } from '../../src/app/run.js';
import { createBot } from '../../src/bot/bot.js';
import { logInto } from '../support/log.js';
import { freePort, TestTelegram, type BotMessage } from '../support/telegram-server.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import { npmStart } from '../support/workspace.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
const isAnswer = (m: BotMessage) => m.text.includes('50.1亿元') && m.buttons.length > 0;

/** Issue 18, item 9: what an operator starting the bot reads when Telegram refuses it or cannot be reached. */
describe('starting against Telegram', () => {
  let bed: Testbed;
  beforeAll(async () => {
    bed = await botTestbed();
  });
  afterAll(() => bed.close());

  it('with a token Telegram refuses: `npm start` says which setting and where to check it, and exits', async () => {
    const wrong = '654321:WRONG-token_that_telegram_refuses';
    const { stderr, exited } = npmStart({
      DATA_DIR: bed.workspace.dataDir,
      SEEDS_DIR: bed.workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: wrong,
      TELEGRAM_API_ROOT: bed.telegram.apiRoot,
    });
    expect(await exited).toBe(1);
    expect(stderr()).toContain('TELEGRAM_BOT_TOKEN was refused by Telegram: check it with @BotFather');
    expect(stderr()).not.toContain(wrong);
    expect(bed.telegram.calls.filter((call) => call.method === 'getUpdates')).toHaveLength(0);
  });

  it('while the Bot API is out of reach: says so at each retry of getMe, then starts once it answers', async () => {
    const port = await freePort();
    const config: Config = { ...bed.config, telegramApiRoot: `http://127.0.0.1:${port}` };
    const logs: string[] = [];
    const qa = await createBot(bed.core, config, { log: logInto(logs) });
    const starting = startPolling(qa, config, { unreachableRetryMs: 200 });
    const said = () => logs.filter((line) => line.includes(`Telegram Bot API at 127.0.0.1:${port} unreachable`));
    while (said().length < 3) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(said()[0]).msg).toBe(
      `Telegram Bot API at 127.0.0.1:${port} unreachable (ECONNREFUSED); retrying getMe every 0.2 s`,
    );

    const telegram = await TestTelegram.start(port);
    let running: Running | undefined;
    try {
      running = await starting;
      await telegram.user({ userId: 181 }).say(QUESTION);
      await telegram.waitFor(181, isAnswer);
      expect(logs.join('\n')).not.toContain(telegram.token);
    } finally {
      await running?.stop();
      await telegram.stop();
    }
  });
});
