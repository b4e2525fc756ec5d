import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool, tempWorkspace } from '../support/workspace.js';

/** A Macau report in traditional characters, laid out as the seeds are. */
const MACAU_PAGE = `

澳門輕軌東線預計二〇二八年通車

□本報記者 陳靜

澳門特區政府運輸基建辦公室表示，輕軌東線全長約7.7公里，共設6個車站，連接關閘與氹仔客運碼頭。

工程總投資約185億澳門元，預計2028年通車，屆時由關閘到氹仔的行車時間可縮短至約15分鐘。
`;

/** One script for searching, the reader's for answering, the page's as printed for quoting. */
describe('pages and questions in either script', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let env: Record<string, string>;
  const ask = async (question: string) => {
    const run = await runTool('src/cli/ask.ts', [question, '--json'], env);
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    workspace = await tempWorkspace();
    await writeFile(path.join(workspace.seedsDir, '900_macau.txt'), MACAU_PAGE);
    env = { DATA_DIR: workspace.dataDir, SEEDS_DIR: workspace.seedsDir };
    expect((await runTool('src/cli/ingest.ts', [], env)).code).toBe(0);
  }, 120_000);
  afterAll(() => workspace.remove());

  it('answers a simplified question from a traditional page in simplified, citing the page as printed', async () => {
    const answer = await ask('澳门轻轨东线工程总投资多少？');
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain('185亿澳门元');
    expect(answer.answer).not.toMatch(/億|澳門/);
    expect(answer.citations[0]).toMatchObject({ file: '900_macau.txt', headline: '澳門輕軌東線預計二〇二八年通車' });
    expect(answer.citations[0].text).toContain('185億澳門元');
  });

  it('answers a traditional question from a simplified page in traditional, citing the page as printed', async () => {
    const answer = await ask('青島去年幫中西部賣了多少農產品？');
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain('50.1億元');
    expect(answer.citations[0]).toMatchObject({ file: '000_2f615ec6976ddc12.txt' });
    expect(answer.citations[0].text).toContain('50.1亿元');
  });

  it('answers a traditional question from a traditional page in traditional', async () => {
    const answer = await ask('輕軌東線預計哪一年通車？');
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain('2028年通車');
    expect(answer.citations[0]).toMatchObject({ file: '900_macau.txt' });
  });
});
