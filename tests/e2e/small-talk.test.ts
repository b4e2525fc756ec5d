import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPolling, type Running } from '../../src/app/run.js';
import { createBot } from '../../src/bot/bot.js';
import type { Core } from '../../src/domain/ports.js';
import { inScript } from '../../src/text/script.js';
import { logInto } from '../support/log.js';
import type { BotMessage, TestTelegram } from '../support/telegram-server.js';
import { botTestbed, type Testbed } from '../support/testbed.js';

const labels = (message: BotMessage) => message.buttons.map((button) => button.text);

/**
 * Greetings, thanks and "who are you" through the loopback Bot API, on the real core with an
 * index built from the seeds: a short reply with example questions that the bot answers.
 */
describe('small talk end to end', () => {
  let testbed: Testbed;
  let telegram: TestTelegram;
  let core: Core;
  let running: Running;
  let examples: string[];

  beforeAll(async () => {
    testbed = await botTestbed();
    ({ telegram, core } = testbed);
    running = await startPolling(await createBot(core, testbed.config, { log: logInto([]) }), testbed.config);
    examples = await core.examples();
  });

  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
  });

  it('builds three example questions from the newest pages, each answered with a citation', async () => {
    expect(examples).toHaveLength(3);
    for (const question of examples) {
      const answer = await core.ask(question);
      expect(answer, question).toMatchObject({ refused: false });
      expect(answer.citations.length, question).toBeGreaterThan(0);
      // The answer quotes the words the question asks after, then the figure it asks for.
      const lead = question
        .split('多少')[0]
        .slice(-6)
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(answer.text, question).toMatch(new RegExp(`${lead}\\s*[近约超逾]?\\d`));
    }
  });

  it('greets "你好" with the examples as buttons, no sources and no votes; a tap asks the example', async () => {
    const user = telegram.user({ userId: 301 });
    await user.say('你好');
    const greeting = await telegram.waitFor(301, (m) => m.buttons.length > 0);
    expect(greeting.text).toContain('你好！');
    expect(greeting.text).toContain('可以这样问我');
    expect(greeting.text).not.toContain('来源');
    expect(labels(greeting)).toEqual(examples);
    await user.tap(greeting, examples[0]);
    await telegram.waitFor(301, (m) => m.text === `你的问题：<i>${examples[0]}</i>`);
    const answer = await telegram.waitFor(301, (m) => m.text.includes('<b>来源</b>'));
    expect(labels(answer).some((label) => label.startsWith('📄'))).toBe(true);
    expect(labels(answer)).toEqual(expect.arrayContaining(['👍', '👎']));
  });

  it('offers questions the cited article answers elsewhere under an answer; a tap asks one', async () => {
    const user = telegram.user({ userId: 399 });
    await user.say('青岛泡菜每年向韩国出口多少吨？');
    const answer = await telegram.waitFor(399, (m) => m.text.includes('<b>来源</b>'));
    expect(answer.text).toContain('30万吨');
    const related = labels(answer).slice(labels(answer).indexOf('👎') + 1);
    expect(related.length).toBeGreaterThan(0);
    for (const question of related) {
      expect(question).toMatch(/多少.*？$/);
      // Not the question just answered, asked again.
      expect(question).not.toContain('出口');
    }
    await user.tap(answer, related[0]);
    await telegram.waitFor(399, (m) => m.text === `你的问题：<i>${related[0]}</i>`);
    const next = await telegram.waitFor(399, (m) => m.text.includes('<b>来源</b>') && m.messageId > answer.messageId);
    expect(next.text).toContain('青岛做强“泡菜经济”');
  });

  it('answers thanks and "who are you" in the reader’s language and script', async () => {
    const reader = telegram.user({ userId: 302 });
    await reader.say('謝謝！');
    const thanks = await telegram.waitFor(302, (m) => m.buttons.length > 0);
    expect(thanks.text).toContain('不客氣');
    expect(labels(thanks)).toEqual(examples.map((question) => inScript(question, 'traditional')));

    const english = telegram.user({ userId: 303 });
    await english.say('who are you?');
    const about = await telegram.waitFor(303, (m) => m.buttons.length > 0);
    expect(about.text).toContain('I answer questions about the Qingdao Daily');
    expect(about.text).toContain('Try asking');
    expect(labels(about)).toEqual(examples);
  });

  it('answers a question that starts with a greeting', async () => {
    const user = telegram.user({ userId: 304 });
    await user.say('你好，青岛去年帮中西部卖了多少农产品？');
    const answer = await telegram.waitFor(304, (m) => m.buttons.length > 0);
    expect(answer.text).toContain('50.1亿元');
  });

  it('shows the examples under /start, as buttons that ask them', async () => {
    const user = telegram.user({ userId: 305 });
    await user.command('/start');
    const help = await telegram.waitFor(305, (m) => m.buttons.length > 0);
    expect(help.text).toContain('可以这样问我');
    // No chat model here: the help says once that answers are quoted offline.
    expect(help.text).toContain('现在是离线模式（未配置大模型）');
    expect(labels(help)).toEqual(examples);
    await user.tap(help, examples[1]);
    await telegram.waitFor(305, (m) => m.text.includes('<b>来源</b>'));
  });

  it('suggests other words and the nearest reports under a plain refusal', async () => {
    const user = telegram.user({ userId: 306 });
    await user.say('红烧肉怎样做最好吃？');
    const refusal = await telegram.waitFor(306, (m) => m.text.includes('报道中没有找到'));
    expect(refusal.text).toContain('可以换个问法，或看看相近的报道：\n[1] ');
    expect(labels(refusal).filter((label) => label.startsWith('📄')).length).toBeGreaterThan(0);
  });
});
