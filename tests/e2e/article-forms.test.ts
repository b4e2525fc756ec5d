import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, type Running } from '../../src/app/run.js';
import { htmlToText } from '../../src/bot/render/html.js';
import { logInto } from '../support/log.js';
import { botTestbed, type Testbed } from '../support/testbed.js';

const ADMIN = 42;

const CSV = [
  'title,date,page,section,author,url,body',
  '即墨古城灯会开幕,2024-02-10,3,要闻,记者 王林,https://epaper.example.com/a/1,即墨古城灯会今晚开幕，展出花灯318组。',
  '胶州湾第二隧道通车,2024-06-30,A05,城事,,https://epaper.example.com/a/2,胶州湾第二隧道今日通车，全长16.8公里。',
].join('\n');

const JSONL = [
  {
    title: '崂山春茶开采',
    date: '2024-04-20',
    page: '2',
    url: 'https://epaper.example.com/b/1',
    body: '崂山春茶今日开采，今年茶园面积达到2.7万亩。',
  },
  {
    title: '西海岸马拉松开跑',
    date: '2024-04-22',
    page: '6',
    url: 'https://epaper.example.com/b/2',
    body: '西海岸马拉松吸引23000名选手参赛。',
  },
]
  .map((record) => JSON.stringify(record))
  .join('\n');

/** CMS exports uploaded by an admin through the loopback Bot API: each record is cited as its own article. */
describe('CMS exports uploaded through the bot', () => {
  let testbed: Testbed;
  let running: Running;

  beforeAll(async () => {
    testbed = await botTestbed({ ADMIN_USER_IDS: String(ADMIN), RATE_LIMIT_PER_MINUTE: '100' });
    running = await startPolling(await createBot(testbed.core, testbed.config, { log: logInto([]) }), testbed.config);
  });

  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
  });

  it.each([
    [
      'export.csv',
      CSV,
      '胶州湾第二隧道全长多少公里？',
      '胶州湾第二隧道通车',
      '2024年6月30日 A05 城事',
      'https://epaper.example.com/a/2',
    ],
    [
      'export.jsonl',
      JSONL,
      '西海岸马拉松有多少名选手参赛？',
      '西海岸马拉松开跑',
      '2024年4月22日 第6版',
      'https://epaper.example.com/b/2',
    ],
  ])(
    'adds %s and cites a record with its own headline, date, page and link',
    async (name, text, question, headline, where, url) => {
      const { telegram } = testbed;
      await telegram.user({ userId: ADMIN }).sendDocument(name, Buffer.from(text));
      await telegram.waitFor(ADMIN, (m) => m.text.startsWith('✅ 已加入') && m.text.includes(name));
      const reader = telegram.user({ userId: name.endsWith('.csv') ? 501 : 502 });
      await reader.say(question);
      const answer = await telegram.waitFor(reader.chatId, (m) => m.buttons.length > 0);
      const shown = htmlToText(answer.text);
      expect(shown).toContain(`[1] ${headline} · ${where}`);
      expect(answer.buttons).toContainEqual({ text: '🔗 1', url });
    },
  );
});
