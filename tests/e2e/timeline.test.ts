import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, type Running } from '../../src/app/run.js';
import { silentLog } from '../../src/observe/log.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import { runTool } from '../support/workspace.js';

/** Today, for the bot: the page of 2026 is not out yet. */
const TODAY = new Date('2025-11-25T08:00:00Z');

/** Pages of several days reporting pocket parks, given out of order; the seeds mention none. */
const PARKS: Array<[string, number]> = [
  ['2024-09-15', 150],
  ['2022-03-01', 80],
  ['2025-09-15', 180],
  ['2023-09-15', 120],
  ['2021-05-20', 60],
  ['2024-04-02', 135],
  ['2026-01-10', 210],
];

function parkPage(parks: number): string {
  return [
    '口袋公园建设提速',
    '',
    '□青岛日报/观海新闻记者 测试',
    '',
    `本报讯 城市更新持续推进。今年以来，青岛市新建口袋公园${parks}个，市民出门见绿。`,
    '',
  ].join('\n');
}

const isTimeline = (text: string) => text.startsWith('“口袋公园”的报道');

/** /timeline over the loopback Bot API, on the real offline core, the seeds and seven dated pages. */
describe('/timeline: the reports on a topic in date order', () => {
  let testbed: Testbed;
  let running: Running;

  beforeAll(async () => {
    testbed = await botTestbed({ RATE_LIMIT_PER_MINUTE: '100' }, { now: () => TODAY, buildIfMissing: false });
    const { seedsDir } = testbed.workspace;
    for (const [date, parks] of PARKS) await writeFile(path.join(seedsDir, `${date}_05.txt`), parkPage(parks));
    // A page that says nothing of its date: listed after the dated ones.
    await writeFile(path.join(seedsDir, 'notes.txt'), parkPage(99));
    await testbed.core.reindex();
    running = await startPolling(await createBot(testbed.core, testbed.config, { log: silentLog }), testbed.config);
  });

  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
  });

  it('lists one entry per report, oldest first, undated last, none published after the day asked on', async () => {
    const timeline = await testbed.core.timeline('口袋公园');
    expect(timeline.entries.map((entry) => entry.published)).toEqual([
      '2021-05-20',
      '2022-03-01',
      '2023-09-15',
      '2024-04-02',
      '2024-09-15',
      '2025-09-15',
      null,
    ]);
    expect(timeline.entries[0]).toMatchObject({
      sentence: '今年以来，青岛市新建口袋公园60个，市民出门见绿。',
      citation: { n: 1, headline: '口袋公园建设提速', file: '2021-05-20_05.txt' },
    });
    expect(timeline.entries.map((entry) => entry.citation.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const asOf2023 = await testbed.core.timeline('口袋公园', { askedOn: new Date('2023-12-31T00:00:00Z') });
    expect(asOf2023.entries.map((entry) => entry.published)).toEqual(['2021-05-20', '2022-03-01', '2023-09-15', null]);
  });

  it('answers a question about a figure with the latest as of the day asked first, then the earlier ones', async () => {
    const answer = await testbed.core.ask('青岛新建了多少个口袋公园？', { askedOn: new Date('2024-12-01T00:00:00Z') });
    const lines = answer.text.split('\n').slice(1);
    expect(lines.slice(0, 2)).toEqual(['截至2024年9月15日，今年以来，青岛市新建口袋公园150个。[1]', '此前的报道：']);
    // The earlier figures the quoted passages give, newest first.
    const earlier = lines
      .slice(2)
      .map((line) => /^(\d{4})年(\d+)月(\d+)日：今年以来，青岛市新建口袋公园\d+个。\[\d\]$/.exec(line));
    expect(earlier.length).toBeGreaterThan(0);
    const days = earlier.map((match) => Number(match![1]) * 10_000 + Number(match![2]) * 100 + Number(match![3]));
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(answer.citations[0].source?.published).toBe('2024-09-15');
    expect(answer.text).not.toContain('180个');
  });

  it('refuses an empty topic, and finds nothing for a topic no report names', async () => {
    await expect(testbed.core.timeline('  ')).rejects.toMatchObject({ code: 'question-empty' });
    expect((await testbed.core.timeline('火星基地')).entries).toEqual([]);
  });

  it('pages with ◀ ▶, each line a cited source that opens its passage', async () => {
    const { telegram } = testbed;
    const user = telegram.user({ userId: 701 });
    await user.command('/timeline 口袋公园');
    const first = await telegram.waitFor(701, (m) => isTimeline(m.text));
    expect(first.parseMode).toBe('HTML');
    expect(first.text).toContain('共 7 篇，第 1/2 页');
    const lines = first.text.split('\n').filter((line) => line.startsWith('['));
    expect(lines).toEqual([
      '[1] 2021年5月20日 · <b>口袋公园建设提速</b>',
      '[2] 2022年3月1日 · <b>口袋公园建设提速</b>',
      '[3] 2023年9月15日 · <b>口袋公园建设提速</b>',
      '[4] 2024年4月2日 · <b>口袋公园建设提速</b>',
      '[5] 2024年9月15日 · <b>口袋公园建设提速</b>',
    ]);
    expect(first.text).toContain('今年以来，青岛市新建口袋公园60个，市民出门见绿。');
    expect(first.buttons.map((b) => b.text)).toEqual([
      '📄 1 口袋公园建设提速',
      '📄 2 口袋公园建设提速',
      '📄 3 口袋公园建设提速',
      '📄 4 口袋公园建设提速',
      '📄 5 口袋公园建设提速',
      '▶',
    ]);

    await user.tap(first, '▶');
    const second = await telegram.waitFor(701, (m) => m.messageId === first.messageId && m.text.includes('第 2/2 页'));
    expect(second.text).toContain('[6] 2025年9月15日 · <b>口袋公园建设提速</b>');
    expect(second.text).toContain('[7] 日期不详 · <b>口袋公园建设提速</b>');
    expect(second.text).toContain('新建口袋公园180个');
    expect(second.text).not.toContain('210个');
    expect(second.buttons.map((b) => b.text)).toEqual(['📄 6 口袋公园建设提速', '📄 7 口袋公园建设提速', '◀']);

    await user.tap(second, '📄 6');
    const passage = await telegram.waitFor(701, (m) => m.text.startsWith('📄 <b>'));
    expect(passage.text).toContain('新建口袋公园180个');

    await user.tap(second, '◀');
    await telegram.waitFor(701, (m) => m.messageId === first.messageId && m.text.includes('第 1/2 页'));
  });

  it('says how to use it without a topic, and says so when no report names the topic', async () => {
    const { telegram } = testbed;
    const user = telegram.user({ userId: 702 });
    await user.command('/timeline');
    const usage = await telegram.waitFor(702, (m) => m.text.startsWith('用法'));
    expect(usage.text).toContain('<code>/timeline 话题</code>');
    await user.command('/timeline 火星基地');
    await telegram.waitFor(702, (m) => m.text === '报道里没有提到“火星基地”。');
    // ◀ ▶ carry the topic in Telegram's 64 bytes of callback data.
    await user.command(`/timeline ${'青岛市崂山区'.repeat(4)}`);
    await telegram.waitFor(702, (m) => m.text.startsWith('话题太长了'));
  });

  it('speaks English to an English client', async () => {
    const { telegram } = testbed;
    const user = telegram.user({ userId: 703, languageCode: 'en' });
    await user.command('/timeline 口袋公园');
    const first = await telegram.waitFor(703, (m) => m.text.startsWith('Reports on “口袋公园” by date'));
    expect(first.text).toContain('[1] 20 May 2021 · <b>口袋公园建设提速</b>');
  });

  it('prints the timeline from the command line', async () => {
    const { workspace } = testbed;
    const env = { SEEDS_DIR: workspace.seedsDir, DATA_DIR: path.join(workspace.dir, 'cli-data') };
    const printed = await runTool('src/cli/ask.ts', ['--timeline', '口袋公园', '--as-of', '2024-12-01'], env);
    expect(printed.code).toBe(0);
    const lines = printed.stdout.split('\n').filter((line) => line.includes(' · '));
    expect(lines[0]).toBe('[1] 2021年5月20日 · 口袋公园建设提速 — 今年以来，青岛市新建口袋公园60个，市民出门见绿。');
    expect(lines.map((line) => line.slice(4, 9))).toEqual([
      '2021年',
      '2022年',
      '2023年',
      '2024年',
      '2024年',
      '日期不详 ',
    ]);
    const json = await runTool('src/cli/ask.ts', ['--timeline', '口袋公园', '--json'], env);
    expect(JSON.parse(json.stdout).entries[0]).toMatchObject({ n: 1, published: '2021-05-20' });
  });
});
