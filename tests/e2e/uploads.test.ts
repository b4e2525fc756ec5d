import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, type Running } from '../../src/app/run.js';
import { MAX_PDF_PAGES } from '../../src/ingest/pdf.js';
import { htmlToText } from '../../src/bot/render/html.js';
import { logInto } from '../support/log.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import type { BotMessage } from '../support/telegram-server.js';
import { pdfPages, wordBomb, wordLongRun } from '../support/documents.js';

const ADMIN = 42;
const QUESTION = '青岛去年帮中西部卖了多少农产品？';
/** What the admin reads: HTML messages as Telegram shows them. */
const shown = (m: BotMessage) => (m.parseMode === 'HTML' ? htmlToText(m.text) : m.text);

/** A day's stock table as printed: 2,000 rows with no sentence punctuation (99 KB); one is a brewer's. */
const stockTable = () =>
  Array.from({ length: 2_000 }, (_, i) =>
    i === 1234 ? '青岛啤酒  代码600600  收盘 38.62  涨跌 +0.5' : `股票${i}  代码${6000 + i}  收盘 12.34  涨跌 +0.5`,
  ).join('\n');

/**
 * Uploads built to exhaust memory or time, sent by an admin through the loopback Bot API to the
 * real bot and core: each is refused, saying why, or (a long table) added and answered.
 */
describe('uploads that cannot exhaust memory or time', () => {
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

  async function refusal(name: string, bytes: Uint8Array): Promise<string> {
    const { telegram, core, workspace } = testbed;
    const before = (await core.stats()).pages;
    await telegram.user({ userId: ADMIN }).sendDocument(name, bytes);
    const refused = await telegram.waitFor(ADMIN, (m) => shown(m).startsWith('❌') && shown(m).includes(name));
    expect(shown(refused)).not.toContain(workspace.dir);
    expect((await core.stats()).pages).toBe(before);
    return shown(refused);
  }

  it('refuses a 160 KB Word bomb (51 MB of one-character paragraphs) from its directory, and keeps answering', async () => {
    const bomb = await wordBomb(1_430_000);
    expect(bomb.byteLength).toBeLessThan(200_000);
    expect(await refusal('bomb.docx', bomb)).toMatch(/bomb\.docx 解压后文字和排版有 51\.\d MB，上限 10\.0 MB/);
    const reader = testbed.telegram.user({ userId: 301 });
    await reader.say(QUESTION);
    const answer = await testbed.telegram.waitFor(301, (m) => m.buttons.length > 0);
    expect(answer.text).toContain('50.1亿元');
  });

  it('refuses a Word file with one 900 MB text run from its directory', async () => {
    const run = await wordLongRun(900_000_000);
    expect(run.byteLength).toBeLessThan(1_000_000);
    expect(await refusal('run.docx', run)).toMatch(/run\.docx 解压后文字和排版有 900\.0 MB，上限 10\.0 MB/);
  });

  it('refuses a PDF of 10,000 one-line pages before reading a page, saying how many it has', async () => {
    const book = pdfPages(Array.from({ length: 10_000 }, () => ['股票 收盘']));
    expect(book.byteLength).toBeLessThan(1_000_000);
    expect(await refusal('book.pdf', book)).toContain(`book.pdf 有 10000 页，上限 ${MAX_PDF_PAGES} 页`);
  });

  it('adds a 2,000-line stock table and answers from its figures', async () => {
    const { telegram, core } = testbed;
    const before = (await core.stats()).pages;
    await telegram.user({ userId: ADMIN }).sendDocument('stocks-2025-03-05.txt', Buffer.from(stockTable()));
    await telegram.waitFor(ADMIN, (m) => m.text.startsWith('✅ 已加入') && m.text.includes('stocks-2025-03-05.txt'));
    expect((await core.stats()).pages).toBe(before + 1);
    const reader = telegram.user({ userId: 302 });
    await reader.say('青岛啤酒收盘多少？');
    const answer = await telegram.waitFor(302, (m) => m.buttons.length > 0);
    expect(answer.text).toMatch(/青岛啤酒\s+代码600600\s+收盘 38\.62/);
    expect(answer.text).toContain('stocks-2025-03-05.txt');
  });
});
