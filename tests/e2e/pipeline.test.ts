import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool, tempWorkspace } from '../support/workspace.js';

type Workspace = Awaited<ReturnType<typeof tempWorkspace>>;

/** The whole path a person takes in a terminal: ingest the seeds, then ask. */
describe('ingest → ask on the seeds', () => {
  /** The seeds indexed once, read by no test: each copies it into a workspace of its own. */
  let built: Workspace;
  const workspaces: Workspace[] = [];
  const envOf = (workspace: Workspace) => ({ DATA_DIR: workspace.dataDir, SEEDS_DIR: workspace.seedsDir });

  async function freshWorkspace(): Promise<Workspace> {
    const workspace = await tempWorkspace();
    workspaces.push(workspace);
    return workspace;
  }

  /** The seeds and an index of them, as `npm run ingest` leaves them. */
  async function ingested(): Promise<Record<string, string>> {
    const workspace = await freshWorkspace();
    await cp(built.dataDir, workspace.dataDir, { recursive: true });
    return envOf(workspace);
  }

  // Built by the tool itself: loading the core into this process would cost more than the run.
  beforeAll(async () => {
    built = await freshWorkspace();
    const ingest = await runTool('src/cli/ingest.ts', [], envOf(built));
    if (ingest.code !== 0) throw new Error(`npm run ingest failed: ${ingest.stderr}`);
  });
  afterAll(() => Promise.all(workspaces.map((workspace) => workspace.remove())));

  it('ingests the five pages and prints a one-line summary', async () => {
    const env = envOf(await freshWorkspace());
    const run = await runTool('src/cli/ingest.ts', [], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(
      /indexed 5 pages, \d+ articles, \d+ chunks \(\d+ embedded, 0 reused\) in [\d.]+ s with offline-hashed-bow-512/,
    );
  });

  it('does not embed unchanged pages again', async () => {
    const env = await ingested();
    const run = await runTool('src/cli/ingest.ts', [], env);
    expect(run.stdout).toMatch(/\(0 embedded, \d+ reused\)/);
  });

  it('answers with a cited passage, offline and saying so', async () => {
    const env = await ingested();
    const run = await runTool('src/cli/ask.ts', ['青岛去年帮中西部卖了多少农产品？', '--json'], env);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.mode).toBe('offline');
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain('离线');
    expect(answer.answer).toContain('50.1亿元');
    expect(answer.answer).toMatch(/\[1\]/);
    expect(answer.citations[0]).toMatchObject({
      n: 1,
      file: '000_2f615ec6976ddc12.txt',
      headline: '青岛加快建设消费帮扶重点城市',
    });
    expect(answer.citations[0].text).toContain('50.1亿元');
    expect(answer.retrieved.length).toBeGreaterThan(0);
  });

  it('says plainly when the reports do not answer, and cites nothing', async () => {
    const env = await ingested();
    const run = await runTool('src/cli/ask.ts', ['青岛去年对日本出口了多少吨泡菜？', '--json'], env);
    const answer = JSON.parse(run.stdout);
    expect(answer.refused).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toContain('没有');
  });

  it('reads questions from stdin and prints JSON Lines', async () => {
    const env = await ingested();
    const run = await runTool(
      'src/cli/ask.ts',
      ['--stdin'],
      env,
      'How many national-level industrial internet platforms has Qingdao cultivated?\n\n城阳区加入的跨省通办联盟第一批有多少事项？\n',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0].answer).toContain('14家');
    expect(lines[1].answer).toContain('81项');
  });

  it('reports bad input on stderr with a non-zero exit', async () => {
    const env = await ingested();
    const empty = await runTool('src/cli/ask.ts', [], env);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/usage/);
    const huge = await runTool('src/cli/ask.ts', ['问'.repeat(5000)], env);
    expect(huge.code).not.toBe(0);
    expect(huge.stderr).toMatch(/too long/);
    const badSetting = await runTool('src/cli/ask.ts', ['问题'], { ...env, TOP_K: 'many' });
    expect(badSetting.code).not.toBe(0);
    expect(badSetting.stderr).toContain('TOP_K');
  });

  it('rebuilds a damaged index from the seeds instead of failing', async () => {
    const env = await ingested();
    const index = path.join(env.DATA_DIR, 'index');
    const passages = (await readdir(index)).find((name) => name.startsWith('chunks_'))!;
    await rm(path.join(index, passages, '_indices'), { recursive: true });
    const run = await runTool('src/cli/ask.ts', ['青岛长护险累计支出多少护理保险资金？', '--json'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^[^\n]*cannot be read.*rebuilt the index from the page copies in [^\n]*: 5 pages, \d+ passages[^\n]*\n$/,
    );
    expect(JSON.parse(run.stdout).answer).toContain('53亿元');
    // The damaged table is kept one generation, as any replaced one, for readers still on it.
    expect((await readdir(index)).filter((name) => name.startsWith('chunks_') && name !== passages)).toHaveLength(1);
  });

  it('rebuilds it from the seeds when even its manifest cannot be read', async () => {
    const env = await ingested();
    const data = path.join(env.DATA_DIR, 'index', 'manifest.lance', 'data');
    for (const file of await readdir(data)) await writeFile(path.join(data, file), 'not lance');
    const run = await runTool('src/cli/ask.ts', ['青岛长护险累计支出多少护理保险资金？', '--json'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/cannot be read/);
    expect(run.stderr).not.toMatch(/panicked|backtrace|\.rs:\d/);
    expect(JSON.parse(run.stdout).answer).toContain('53亿元');
  });

  it('rebuilds it when a passages data file is damaged, without a Rust stack trace in the log', async () => {
    const env = await ingested();
    const index = path.join(env.DATA_DIR, 'index');
    const table = (await readdir(index)).find((name) => name.startsWith('chunks_'))!;
    const data = path.join(index, table, 'data');
    for (const file of await readdir(data)) {
      // Garbage over the start of the file: its footer still reads, its pages do not decode.
      const bytes = await readFile(path.join(data, file));
      bytes.fill(0x5a, 0, Math.min(4_000, bytes.length - 64));
      await writeFile(path.join(data, file), bytes);
    }
    // Set on many developer machines (and on this one): the trace must still stay out of the log.
    const run = await runTool('src/cli/ask.ts', ['青岛长护险累计支出多少护理保险资金？', '--json'], {
      ...env,
      RUST_BACKTRACE: '1',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/cannot be read/);
    expect(run.stderr).not.toMatch(/stack backtrace|^\s+\d+: /m);
    expect(JSON.parse(run.stdout).answer).toContain('53亿元');
  });
});
