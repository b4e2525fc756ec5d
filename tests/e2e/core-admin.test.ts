import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../src/app/core.js';
import { UserError } from '../../src/domain/types.js';
import type { Core } from '../../src/domain/ports.js';
import { runTool, tempWorkspace, testConfig } from '../support/workspace.js';
import { silentLog } from '../../src/observe/log.js';

/** Changes to the index through the core, as the bot's admin commands make them. */
describe('core index changes', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let core: Core;

  beforeAll(async () => {
    workspace = await tempWorkspace();
    core = await createCore(testConfig({ DATA_DIR: workspace.dataDir, SEEDS_DIR: workspace.seedsDir }), {
      log: silentLog,
    });
  });
  afterAll(async () => {
    await core.close();
    await workspace.remove();
  });

  const page = new TextEncoder().encode('青岛新闻\n\n本报青岛讯 今年青岛新建口袋公园321个。\n');
  const pageCount = async () => (await core.pages()).length;

  it('runs one change at a time and leaves SEEDS_DIR alone for the one it turns away; a second reindex joins the first', async () => {
    const reindexRuns = async () =>
      Number(
        /^qa_index_change_duration_seconds_count\{change="reindex",result="ok"\} (\d+)$/m.exec(
          await core.metrics.registry.metrics(),
        )?.[1] ?? 0,
      );
    const before = await reindexRuns();
    const pages = await pageCount();
    // A page to index: a reindex with nothing to write ends before an upload could be turned away.
    await writeFile(path.join(workspace.seedsDir, 'tunnels.txt'), '青岛新闻\n\n本报青岛讯 今年青岛新开隧道2条。\n');
    const reindex = core.reindex();
    const stages: string[] = [];
    const joined = core.reindex({ onProgress: (progress) => stages.push(progress.stage) });
    await expect(core.addPage('parks.txt', page)).rejects.toThrow(/already running/);
    expect(existsSync(path.join(workspace.seedsDir, 'parks.txt'))).toBe(false);
    const [first, second] = await Promise.all([reindex, joined]);
    expect(first.pages).toBe(pages + 1);
    expect(second).toEqual(first);
    // The one who joined is told the progress too.
    expect(stages).toContain('store');
    expect(await reindexRuns()).toBe(before + 1);
  });

  it('answers from an added page, and forgets it once removed', async () => {
    const pages = await pageCount();
    const added = await core.addPage('parks.txt', page);
    expect(added.pages).toBe(pages + 1);
    const answer = await core.ask('今年青岛新建了多少个口袋公园？');
    expect(answer.citations[0]?.file).toBe('parks.txt');
    expect(answer.text).toContain('321个');
    const sourceId = answer.citations[0].id;
    expect((await core.passage(sourceId))?.text).toContain('321个');

    await core.removePage('parks.txt');
    expect(existsSync(path.join(workspace.seedsDir, 'parks.txt'))).toBe(false);
    expect((await readdir(path.join(workspace.dataDir, 'removed'))).some((name) => name.startsWith('parks.txt.'))).toBe(
      true,
    );
    expect(await core.passage(sourceId)).toBeNull();
    expect((await core.ask('今年青岛新建了多少个口袋公园？')).refused).toBe(true);
  });

  it('switches to an index that `npm run ingest` built in another process', async () => {
    const pages = await pageCount();
    await writeFile(
      path.join(workspace.seedsDir, 'bridges.txt'),
      '青岛新闻\n\n本报青岛讯 今年青岛新修人行天桥17座。\n',
    );
    try {
      const ingest = await runTool('src/cli/ingest.ts', [], {
        DATA_DIR: workspace.dataDir,
        SEEDS_DIR: workspace.seedsDir,
      });
      expect(ingest.stdout).toContain(`indexed ${pages + 1} pages`);
      // The core looks for a newer commit at most about once a second.
      const ask = () => core.ask('今年青岛新修了多少座人行天桥？');
      let answer = await ask();
      for (let i = 0; i < 50 && answer.citations[0]?.file !== 'bridges.txt'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await ask();
      }
      expect(answer.citations[0]?.file).toBe('bridges.txt');
    } finally {
      await rm(path.join(workspace.seedsDir, 'bridges.txt'));
      await core.reindex();
    }
  });

  it('refuses files that are not reports, with the reason in both languages', async () => {
    const pages = await pageCount();
    const refused = await core.addPage('scan.png', page).then(
      () => expect.fail('expected scan.png to be refused'),
      (error: UserError) => error,
    );
    expect(refused).toBeInstanceOf(UserError);
    expect(refused.message).toMatch(/send a \.txt, \.md, \.docx, \.pdf, \.html, \.jsonl or \.csv file/);
    expect(refused.in('zh')).toMatch(/只接受/);
    await expect(core.addPage('empty.txt', new Uint8Array())).rejects.toThrow(/empty/);
    await expect(core.addPage('../escape.txt', page)).rejects.toThrow(/not a usable file name/);
    await expect(core.removePage('nosuch.txt')).rejects.toThrow(/not among the indexed pages/);
    expect(await pageCount()).toBe(pages);
  });
});
