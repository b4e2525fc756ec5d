import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../src/app/config.js';
import { createCore } from '../../src/app/core.js';
import { startPolling, type Running } from '../../src/app/run.js';
import { createBot } from '../../src/bot/bot.js';
import { UserError } from '../../src/domain/types.js';
import type { Core } from '../../src/domain/ports.js';
import { pageCopiesFor } from '../../src/index/library.js';
import { applyChange } from '../../src/index/indexer.js';
import { createOfflineEmbedder } from '../../src/ingest/offline-embedder.js';
import { silentLog } from '../../src/observe/log.js';
import { logInto } from '../support/log.js';
import type { BotMessage, TestTelegram } from '../support/telegram-server.js';
import { botTestbed, type Testbed } from '../support/testbed.js';

const ADMIN = 900;
const BRIDGES = '青岛新闻\n\n本报青岛讯 今年青岛新修人行天桥17座，方便市民过街。\n';
const PARKS = '青岛新闻\n\n本报青岛讯 今年青岛新建口袋公园321个。\n';
/** 100 Chinese characters and ".txt": 304 bytes, more than a file name may have on most disks. */
const LONG_NAME = `${'青'.repeat(100)}.txt`;

/** Rows 1, 6 and 12 of issue 16: a page lives on outside the index, whatever happens to the index. */
describe('durable page copies, with the real bot and core', () => {
  let testbed: Testbed;
  let telegram: TestTelegram;
  let config: Config;
  let core: Core;
  let running: Running | null = null;
  let asker = 1000;

  beforeAll(async () => {
    testbed = await botTestbed({ ADMIN_USER_IDS: String(ADMIN) });
    ({ telegram, config, core } = testbed);
    running = await startPolling(await createBot(core, config, { log: silentLog }), config);
  });
  afterAll(async () => {
    await running?.stop();
    await core?.close();
    await testbed?.close();
  });

  const pagesDir = () => path.join(config.dataDir, 'pages');
  const removedDir = () => path.join(config.dataDir, 'removed');
  const indexDir = () => path.join(config.dataDir, 'index');
  const copies = async () =>
    Promise.all(
      (await readdir(pagesDir())).map(async (name) =>
        JSON.parse(gunzipSync(await readFile(path.join(pagesDir(), name))).toString('utf8')),
      ),
    );
  // One user for the whole file: its messages are numbered, and a number seen twice is dropped as a repeat.
  let adminUser: ReturnType<TestTelegram['user']> | null = null;
  const admin = () => {
    adminUser ??= telegram.user({ userId: ADMIN });
    return adminUser;
  };
  const reply = (predicate: (message: BotMessage) => boolean) => telegram.waitFor(ADMIN, predicate);

  async function upload(name: string, text: string): Promise<void> {
    await admin().sendDocument(name, Buffer.from(text));
    await reply((m) => m.text.startsWith(`✅ 已加入 ${name}`));
  }

  /** Stops the bot and its core, damages the index, starts both again; returns the start's log. */
  async function restartAfter(damage: () => Promise<void>): Promise<Array<{ level: number; msg: string }>> {
    await running?.stop();
    await core.close();
    await damage();
    const lines: string[] = [];
    core = await createCore(config, { log: logInto(lines, 'info') });
    running = await startPolling(await createBot(core, config, { log: silentLog }), config);
    return lines.map((line) => JSON.parse(line));
  }

  async function expectEveryPage(): Promise<void> {
    expect((await core.pages()).map((page) => page.file).sort()).toEqual(
      [...(await readdir(testbed.workspace.seedsDir)), 'bridges.txt'].sort(),
    );
    const user = telegram.user({ userId: ++asker });
    await user.say('今年青岛新修了多少座人行天桥？');
    const answer = await telegram.waitFor(asker, (m) => m.buttons.length > 0);
    expect(answer.text).toContain('17座');
  }

  /** The one line a rebuild logs, and nothing else above info. */
  function expectOneRebuildLine(log: Array<{ level: number; msg: string }>, what: RegExp): void {
    const loud = log.filter((line) => line.level >= 40);
    expect(loud.map((line) => line.msg)).toEqual([expect.stringMatching(/rebuilt the index from the page copies/)]);
    expect(loud[0].msg).toMatch(what);
  }

  it('refuses a name holding a NUL byte, or of 304 bytes, at upload, saying why', async () => {
    await admin().sendDocument('版面\u0000.txt', Buffer.from(PARKS));
    await reply((m) => m.text.startsWith('❌') && m.text.includes('文件名里有控制字符'));
    await admin().sendDocument(LONG_NAME, Buffer.from(PARKS));
    const long = await reply((m) => m.text.startsWith('❌') && m.text.includes('文件名太长'));
    expect(long.text).toContain('304 字节，最多 200 字节');
    await admin().sendDocument('CON.txt', Buffer.from(PARKS));
    await reply((m) => m.text.startsWith('❌') && m.text.includes('保留的设备名'));
    expect((await core.pages()).map((page) => page.file)).not.toContain(LONG_NAME);
  });

  it('keeps a copy of every page, and removes one only once its text is kept', async () => {
    await upload('parks.txt', PARKS);
    const kept = await copies();
    expect(kept).toHaveLength(6);
    expect(kept.find((copy) => copy.file === 'parks.txt')).toEqual({
      file: 'parks.txt',
      source: 'upload',
      text: PARKS,
    });

    // DATA_DIR/removed cannot be made: the removal must not go ahead.
    await writeFile(removedDir(), 'in the way');
    const refused = await core.removePage('parks.txt').catch((error: UserError) => error);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).in('zh')).toContain('什么也没有删除');
    expect((refused as UserError).message).not.toMatch(/ENOTDIR|EEXIST|\/tmp\//);
    expect((await core.pages()).map((page) => page.file)).toContain('parks.txt');
    expect(await copies()).toHaveLength(6);

    await rm(removedDir());
    await core.removePage('parks.txt');
    const [removed] = await readdir(removedDir());
    expect(removed).toMatch(/^parks\.txt\.\d+$/);
    expect(await readFile(path.join(removedDir(), removed), 'utf8')).toBe(PARKS);
    expect((await copies()).map((copy) => copy.file)).not.toContain('parks.txt');
  });

  it('removes a page an index took before names were checked, keeping its text under a name that fits', async () => {
    await applyChange(
      { put: [{ file: LONG_NAME, text: PARKS, source: 'upload' }] },
      {
        uri: config.indexUri,
        storageOptions: config.storageOptions,
        embedder: createOfflineEmbedder(),
        copies: pageCopiesFor(config),
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await core.pages()).map((page) => page.file)).toContain(LONG_NAME);
    await core.removePage(LONG_NAME);
    const names = await readdir(removedDir());
    const kept = names.find((name) => /^page-[0-9a-f]{16}\.txt\.\d+$/.test(name));
    expect(kept).toBeDefined();
    expect(await readFile(path.join(removedDir(), kept!), 'utf8')).toBe(PARKS);
    expect((await copies()).map((copy) => copy.file)).not.toContain(LONG_NAME);
  });

  it('writes the copies an index from before them lacks, on its first start', async () => {
    await upload('bridges.txt', BRIDGES);
    const log = await restartAfter(() => rm(pagesDir(), { recursive: true }));
    expect(log.map((line) => line.msg)).toContain(`kept a copy of 6 pages that had none in ${pagesDir()}`);
    expect((await copies()).map((copy) => copy.file)).toContain('bridges.txt');
    await expectEveryPage();
  });

  it('starts after the newest data file of the pages table was cut to half, rebuilt from the copies', async () => {
    const log = await restartAfter(async () => {
      const data = path.join(indexDir(), 'pages.lance', 'data');
      const [newest] = await byAge(data);
      await truncate(newest, Math.floor((await stat(newest)).size / 2));
    });
    expectOneRebuildLine(log, /^the pages table cannot be read/);
    await expectEveryPage();
  });

  it('starts after every file of the pages table was damaged', async () => {
    const log = await restartAfter(async () => {
      for (const file of await filesUnder(path.join(indexDir(), 'pages.lance')))
        await truncate(file, Math.floor((await stat(file)).size / 2));
    });
    expectOneRebuildLine(log, /cannot be read/);
    await expectEveryPage();
  });

  it('starts after a passages data file was cut to half', async () => {
    const log = await restartAfter(async () => {
      const table = (await readdir(indexDir())).find((name) => name.startsWith('chunks_'))!;
      const [newest] = await byAge(path.join(indexDir(), table, 'data'));
      await truncate(newest, Math.floor((await stat(newest)).size / 2));
    });
    expectOneRebuildLine(log, /cannot be read/);
    await expectEveryPage();
  });
});

/** A folder's files, newest first. */
async function byAge(dir: string): Promise<string[]> {
  const files = await Promise.all(
    (await readdir(dir)).map(async (name) => ({
      file: path.join(dir, name),
      at: (await stat(path.join(dir, name))).mtimeMs,
    })),
  );
  return files.sort((a, b) => b.at - a.at).map(({ file }) => file);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}
