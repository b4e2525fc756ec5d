import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPolling, type Running } from '../../src/app/run.js';
import { createBot } from '../../src/bot/bot.js';
import type { Core } from '../../src/domain/ports.js';
import { logInto } from '../support/log.js';
import type { TestTelegram } from '../support/telegram-server.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import { readPageMeta } from '../../src/ingest/metadata.js';

const page = (url: string, fact: string) =>
  ['---', 'date: 2025-03-05', `url: ${url}`, '---', '青岛新闻', '', `本报青岛讯 ${fact}`, ''].join('\n');

/** Row 7 of issue 16: a page whose header gives a link Telegram will not open. */
describe('a bad link in a page header never breaks an answer', () => {
  let testbed: Testbed;
  let telegram: TestTelegram;
  let core: Core;
  let running: Running;
  /** Set to give every citation this link, as an index built before links were checked may. */
  let forcedLink: string | null = null;
  const botLogs: string[] = [];
  const coreLogs: string[] = [];

  beforeAll(async () => {
    testbed = await botTestbed({}, { log: logInto(coreLogs) });
    ({ telegram, core } = testbed);
    const watched: Core = {
      ...core,
      ask: async (question, options) => {
        const answer = await core.ask(question, options);
        if (forcedLink === null) return answer;
        const citations = answer.citations.map((c) => ({ ...c, source: { ...c.source!, url: forcedLink } }));
        return { ...answer, citations };
      },
    };
    running = await startPolling(await createBot(watched, testbed.config, { log: logInto(botLogs) }), testbed.config);
  });
  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
  });

  it('keeps links a reader can open and drops the others with the reason', () => {
    const link = (url: string) => readPageMeta('p.txt', page(url, '内容。'));
    expect(link('https://epaper.qingdaonews.com/2025-03-05/01').source.url).toBe(
      'https://epaper.qingdaonews.com/2025-03-05/01',
    );
    expect(link('http://青岛日报.中国/1').source.url).toMatch(/^http:\/\/xn--[a-z0-9-]+\.xn--fiqs8s\/1$/);
    for (const bad of [
      'https://',
      'https:// ',
      'https://localhost/x',
      'https://epaper',
      'ftp://a.com/x',
      'https://10.0.0.1/',
    ]) {
      const meta = link(bad);
      expect(meta.source.url).toBeNull();
      expect(meta.warnings).toEqual([expect.stringMatching(/is not a web link.*left out/)]);
    }
  });

  it('answers from a page whose header says "url: https://", without the link button, and logs why', async () => {
    await core.addPage('bad-link.txt', new TextEncoder().encode(page('https://', '今年青岛新建口袋公园321个。')));
    const added = (await core.pages()).find((p) => p.file === 'bad-link.txt');
    expect(added?.meta.url).toBeNull();
    expect(coreLogs.map((line) => JSON.parse(line).msg)).toContainEqual(
      expect.stringMatching(/bad-link\.txt: the header's url "https:\/\/" is not a web link/),
    );
    const user = telegram.user({ userId: 701 });
    await user.say('今年青岛新建了多少个口袋公园？');
    const answer = await telegram.waitFor(701, (m) => m.buttons.length > 0);
    expect(answer.text).toContain('321个');
    expect(answer.buttons.some((b) => b.text.startsWith('🔗'))).toBe(false);
  });

  it('sends an answer again without its link buttons when Telegram refuses one (BUTTON_URL_INVALID)', async () => {
    forcedLink = 'https://';
    try {
      const user = telegram.user({ userId: 702 });
      await user.say('今年青岛新建了多少个口袋公园？');
      const answer = await telegram.waitFor(702, (m) => m.buttons.length > 0);
      expect(answer.text).toContain('321个');
      expect(answer.buttons.some((b) => b.text.startsWith('📄'))).toBe(true);
      expect(answer.buttons.some((b) => b.text.startsWith('🔗'))).toBe(false);
      expect(telegram.messages(702).some((m) => m.text.includes('抱歉'))).toBe(false);
      expect(botLogs.join('\n')).toMatch(/refused a link button \(BUTTON_URL_INVALID\)/);

      forcedLink = 'https://epaper.qingdaonews.com/2025-03-05/01';
      await user.say('今年青岛新建了多少个口袋公园？');
      const linked = await telegram.waitFor(702, (m) => m.buttons.some((b) => b.text.startsWith('🔗')));
      expect(linked.text).toContain('321个');
    } finally {
      forcedLink = null;
    }
  });
});
