import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../src/app/core.js';
import { silentLog } from '../../src/observe/log.js';
import type { Core } from '../../src/domain/ports.js';
import { tempWorkspace, testConfig } from '../support/workspace.js';

/** Pages of three years that report the same thing with different figures. */
const PARKS: Array<[string, number]> = [
  ['2023-09-15', 120],
  ['2024-09-15', 150],
  ['2025-09-15', 180],
];

describe('questions about the reports of a time (an archive of several years)', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let core: Core;

  beforeAll(async () => {
    workspace = await tempWorkspace();
    for (const [date, parks] of PARKS) {
      await writeFile(
        path.join(workspace.seedsDir, `${date}_05.txt`),
        `口袋公园建设提速\n\n□青岛日报/观海新闻记者 测试\n\n本报9月15日讯 今年以来，青岛市新建口袋公园${parks}个，市民出门见绿。\n`,
      );
    }
    core = await createCore(testConfig({ DATA_DIR: workspace.dataDir, SEEDS_DIR: workspace.seedsDir }), {
      log: silentLog,
      now: () => new Date('2025-11-25T08:00:00Z'),
    });
  });
  afterAll(async () => {
    await core?.close();
    await workspace?.remove();
  });

  it.each([
    ['2024年9月的报道里，青岛新建了多少个口袋公园？', '150个', '2024年9月的报道：', '2024年9月15日'],
    ['2023年的报道里，青岛新建了多少个口袋公园？', '120个', '2023年的报道：', '2023年9月15日'],
    ['去年的报道里，青岛新建了多少个口袋公园？', '150个', '去年（2024年）的报道：', '2024年9月15日'],
  ])('%s', async (question, figure, said, printed) => {
    const answer = await core.ask(question);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain(said);
    expect(answer.text).toContain(figure);
    expect(answer.citations.every((c) => c.source?.published?.startsWith(printed.slice(0, 4)))).toBe(true);
    expect(answer.citations[0].source).toMatchObject({
      published: `${printed.slice(0, 4)}-09-15`,
      page: '第5版',
      inferred: false,
    });
  });

  it('says so when no report is of that time, and answers from others', async () => {
    const answer = await core.ask('2022年的报道里，青岛新建了多少个口袋公园？');
    expect(answer.text).toContain('2022年的报道里没有找到；以下是其他日期的报道：');
    expect(answer.text).toMatch(/(120|150|180)个/);
  });

  it('does not take a year the question asks about for the year of the report', async () => {
    // "2024年…多少" asks for 2024's figure, which any year's page may report.
    const answer = await core.ask('青岛2024年新建了多少个口袋公园？');
    expect(answer.text).not.toContain('的报道：');
  });

  it('reads a question asked on a given day from that day, and no report published after it', async () => {
    const askedOn = new Date('2024-12-01T00:00:00Z');
    const lastYear = await core.ask('去年的报道里，青岛新建了多少个口袋公园？', { askedOn });
    expect(lastYear.text).toContain('去年（2023年）的报道：');
    expect(lastYear.text).toContain('120个');
    const latest = await core.ask('青岛今年新建了多少个口袋公园？', { askedOn });
    expect(latest.retrieved.map((passage) => passage.source?.published)).not.toContain('2025-09-15');
    expect(latest.text).not.toContain('180个');
    const lastSeptember = await core.ask('How many pocket parks did Qingdao build last September?', {
      askedOn: new Date('2024-10-01T00:00:00Z'),
    });
    expect(lastSeptember.retrieved[0].source?.published).toBe('2024-09-15');
  });
});
