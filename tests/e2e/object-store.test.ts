import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../src/app/core.js';
import type { Core } from '../../src/domain/ports.js';
import { REPO, runTool, tempWorkspace, testConfig } from '../support/workspace.js';
import { startS3 } from '../support/s3-server.js';
import { silentLog } from '../../src/observe/log.js';
import { logInto } from '../support/log.js';
import { connectIndex } from '../../src/index/connect.js';

/** The index on S3-compatible object storage: processes with no pages of their own serve it. */
describe('index on object storage (s3rver on loopback)', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let emptySeeds: string;
  /** Each test's index at a prefix of its own in the bucket, so that none reads what another wrote. */
  const envAt = (prefix: string) => ({
    ...s3.env,
    INDEX_URI: `s3://archive/${prefix}`,
    DATA_DIR: path.join(workspace.dir, `${prefix}-data`),
    SEEDS_DIR: workspace.seedsDir,
  });

  beforeAll(async () => {
    workspace = await tempWorkspace();
    s3 = await startS3('archive');
    emptySeeds = path.join(workspace.dir, 'no-pages');
    await mkdir(emptySeeds);
  });
  afterAll(async () => {
    await s3?.close();
    await workspace?.remove();
  });

  it('ingests into the bucket, and a process with no local pages answers from it with citations', async () => {
    const env = envAt('qingdao');
    const ingest = await runTool('src/cli/ingest.ts', [], env);
    expect(ingest.stderr).toBe('');
    expect(ingest.stdout).toMatch(/indexed 5 pages.*s3:\/\/archive\/qingdao/);
    const ask = await runTool('src/cli/ask.ts', ['青岛长护险累计支出多少护理保险资金？', '--json'], {
      ...env,
      SEEDS_DIR: emptySeeds,
      DATA_DIR: path.join(workspace.dir, 'reader-data'),
    });
    expect(ask.code).toBe(0);
    const answer = JSON.parse(ask.stdout);
    expect(answer.answer).toContain('53亿元');
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.map((citation: { text: string }) => citation.text).join('')).toContain('53亿元');
  });

  it('serves a page another process added, to a running reader and to a fresh one', async () => {
    const env = envAt('added');
    // The seeds in the bucket, as an earlier `npm run ingest` left them.
    await (await createCore(testConfig(env), { log: silentLog })).close();
    const reader: Core = await createCore(
      testConfig({ ...env, SEEDS_DIR: emptySeeds, DATA_DIR: path.join(workspace.dir, 'bot-data') }),
      { log: silentLog },
    );
    try {
      expect((await reader.ask('今年青岛新修了多少座人行天桥？')).refused).toBe(true);
      const writerPages = path.join(workspace.dir, 'writer-pages');
      await cp(path.join(REPO, 'seeds'), writerPages, { recursive: true });
      await writeFile(path.join(writerPages, 'bridges.txt'), '青岛新闻\n\n本报青岛讯 今年青岛新修人行天桥17座。\n');
      const ingest = await runTool('src/cli/ingest.ts', [], { ...env, SEEDS_DIR: writerPages });
      expect(ingest.stdout).toMatch(/indexed 6 pages.*\(\d+ embedded/);
      // The reader looks for a newer commit at most about once a second.
      const ask = () => reader.ask('今年青岛新修了多少座人行天桥？');
      let answer = await ask();
      for (let i = 0; i < 50 && answer.citations[0]?.file !== 'bridges.txt'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await ask();
      }
      expect(answer.citations[0]?.file).toBe('bridges.txt');
      expect(answer.text).toContain('17座');
      expect((await reader.pages()).map((page) => page.file)).toContain('bridges.txt');
    } finally {
      await reader.close();
    }
    const fresh = await runTool('src/cli/ask.ts', ['今年青岛新修了多少座人行天桥？', '--json'], {
      ...env,
      SEEDS_DIR: emptySeeds,
    });
    expect(JSON.parse(fresh.stdout).citations[0].file).toBe('bridges.txt');
  });

  it('says which variable to fix when the object store refuses the keys or cannot be reached', async () => {
    const env = envAt('refused');
    const refused = await runTool('src/cli/ask.ts', ['问题'], { ...env, AWS_ACCESS_KEY_ID: 'nobody' });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refused the credentials.*check AWS_ACCESS_KEY_ID/);
    const unreachable = await runTool('src/cli/ask.ts', ['问题'], { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toMatch(/AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:9/);
    expect(unreachable.stderr).not.toMatch(/panicked|\.rs:\d/);
  });

  it('keeps the page copies beside the index, and a reader with no local pages rebuilds from them', async () => {
    const env = envAt('copies');
    const writer = await createCore(testConfig(env), { log: silentLog });
    try {
      await writer.addPage(
        'parks.txt',
        new TextEncoder().encode('青岛新闻\n\n本报青岛讯 今年青岛新建口袋公园321个。\n'),
      );
    } finally {
      await writer.close();
    }
    const connection = await connectIndex(env.INDEX_URI, testConfig(env).storageOptions);
    await connection.dropTable('pages');
    connection.close();

    const logs: string[] = [];
    const reader = await createCore(
      testConfig({ ...env, SEEDS_DIR: emptySeeds, DATA_DIR: path.join(workspace.dir, 'rebuilder-data') }),
      { log: logInto(logs) },
    );
    try {
      expect(logs.join('\n')).toMatch(/rebuilt the index from the page copies in s3:\/\/archive\/copies\/pages/);
      expect((await reader.pages()).map((page) => page.file)).toContain('parks.txt');
      expect((await reader.pages()).length).toBeGreaterThanOrEqual(6);
      expect((await reader.ask('今年青岛新建了多少个口袋公园？')).text).toContain('321个');
    } finally {
      await reader.close();
    }
  }, 60_000);
});
