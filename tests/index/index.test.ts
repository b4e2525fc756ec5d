import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { applyChange, type ChangeRequest } from '../../src/index/indexer.js';
import { readPagesDir } from '../support/pages.js';
import { createOfflineEmbedder } from '../../src/ingest/offline-embedder.js';
import { IndexReader, publishedWithin } from '../../src/index/reader.js';
import { manifestRow, toManifest, UNKNOWN_SOURCE, type Manifest } from '../../src/index/schema.js';
import { connectIndex, servingCaches } from '../../src/index/connect.js';
import { IndexWriter } from '../../src/index/writer.js';
import { ServingIndex } from '../../src/index/serving.js';
import type { Embedder } from '../../src/domain/types.js';
import { tempWorkspace, testConfig } from '../support/workspace.js';
import { createCore } from '../../src/app/core.js';
import { silentLog } from '../../src/observe/log.js';

/** The index as LanceDB versions it: commits, rollbacks, readers that follow. */
describe('index changes', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let uri: string;
  const embedder = createOfflineEmbedder();
  const change = (request: ChangeRequest, using: Embedder = embedder) =>
    applyChange(request, { uri, storageOptions: {}, embedder: using });
  const mirror = async (): Promise<ChangeRequest> => ({
    put: (await readPagesDir(workspace.seedsDir, 1_000_000)).pages,
    mirror: true,
  });
  const open = async () => (await IndexReader.open(uri, {}))!;

  beforeAll(async () => {
    workspace = await tempWorkspace();
    uri = path.join(workspace.dataDir, 'index');
    await change(await mirror());
  });
  afterAll(() => workspace.remove());

  it('records the embedder, every page with its counts and dates, and the words of every passage', async () => {
    const reader = await open();
    const { manifest, terms } = reader.current;
    expect(manifest.embedder).toBe('offline-hashed-bow-512');
    expect(manifest.dim).toBe(512);
    const pages = await reader.current.pageList();
    expect(pages).toHaveLength(5);
    expect(pages[0].dates).toContain('2月27日');
    expect(manifest.passages).toBe(pages.reduce((sum, page) => sum + page.chunks, 0));
    expect(terms.passages).toBe(manifest.passages);
    expect(terms.of('泡菜')).toBeGreaterThan(0);
    expect(terms.of('泡菜')).toBeLessThan(manifest.passages);
    reader.close();
  });

  it('reads one page, text included, for the pipeline check at start', async () => {
    const reader = await open();
    const page = (await reader.current.onePage())!;
    const listed = (await reader.current.pageList()).find((summary) => summary.file === page.file)!;
    expect(page.hash).toBe(listed.hash);
    expect(page.text).toBe(await reader.current.pageText(page.file));
    reader.close();
  });

  it('keeps what a connection searched in the caches it was given, not in the default ones', async () => {
    const caches = servingCaches();
    const connection = await connectIndex(uri, {}, caches);
    const reader = await open();
    const table = await connection.openTable(reader.current.manifest.chunksTable);
    reader.close();
    await table
      .query()
      .fullTextSearch('泡菜 陇南', { columns: ['tokens'] })
      .select(['id'])
      .limit(3)
      .toArray();
    expect(caches.sizeBytes()).toBeGreaterThan(0n);
    table.close();
    connection.close();
  });

  it('finds two-character Chinese words with the full-text index', async () => {
    const reader = await open();
    const hits = await reader.current.textSearch('泡菜', 3);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0].text + hits[0].headline).toContain('泡菜');
    const place = await reader.current.textSearch('陇南', 3);
    expect(place.every((hit) => hit.text.includes('陇南') || hit.headline.includes('陇南'))).toBe(true);
    reader.close();
  });

  it('searches within publication dates, undated pages only when asked', async () => {
    const reader = await open();
    const files = async (words: string, span: Parameters<typeof reader.current.textSearch>[2]) =>
      new Set((await reader.current.textSearch(words, 20, span)).map((hit) => hit.file));
    // 001 is dated 2024-09-02 by its text; 002 only by its month and day.
    expect(await files('泡菜', { from: '', to: '2024-09-02' })).not.toContain('001_a0eb63093fbffedb.txt');
    expect(await files('泡菜', { from: '', to: '2024-09-03' })).toContain('001_a0eb63093fbffedb.txt');
    expect(await files('泡菜', { from: '2024-09', to: '2024-10' })).toContain('001_a0eb63093fbffedb.txt');
    // A date guessed from a page's text does not keep it out of a search that takes undated pages.
    expect(await files('泡菜', { from: '', to: '2024-09-02', undated: true })).toContain('001_a0eb63093fbffedb.txt');
    expect(await files('主题 党日', { from: '', to: '2030-01-01' })).not.toContain('002_4c3b8b73249d183e.txt');
    expect(await files('主题 党日', { from: '2030', to: '2031', undated: true })).toContain('002_4c3b8b73249d183e.txt');
    reader.close();
  });

  it('searches within dates by page name, by date or unfiltered, with the same passages', async () => {
    const dated = path.join(workspace.dataDir, 'dated-index');
    const page = (file: string, parks: number) => ({
      file,
      text: `口袋公园\n\n本报讯 今年青岛新建口袋公园${parks}个，市民出门见绿。\n`,
      source: 'upload' as const,
    });
    const pages = [page('2024-05-01_01.txt', 321), page('2024-06-01_01.txt', 400), page('2024-07-01_01.txt', 500)];
    await applyChange({ put: pages, mirror: true }, { uri: dated, storageOptions: {}, embedder });
    const reader = (await IndexReader.open(dated, {}))!;
    const files = async (from: string, to: string, undated?: boolean) =>
      (await reader.current.textSearch('口袋 公园', 10, { from, to, undated })).map((hit) => hit.file).sort();
    // One page of three (found by name), two (by date), all three (no filter).
    const expectSpans = async () => {
      expect(await files('2024-06', '2024-07', true)).toEqual(['2024-06-01_01.txt']);
      expect(await files('', '2024-07-01', true)).toEqual(['2024-05-01_01.txt', '2024-06-01_01.txt']);
      expect(await files('', '2024-07-02', true)).toEqual(pages.map((p) => p.file));
      expect(await files('2024-06', '2024-06-01')).toEqual([]);
    };
    await expectSpans();
    // A table built before the index on `published`: the same spans, by page name and by date.
    await recommit(dated, async (connection, manifest) => {
      const chunks = await connection.openTable(manifest.chunksTable);
      await chunks.dropIndex('published_idx');
      const chunksVersion = await chunks.version();
      chunks.close();
      return { chunksVersion };
    });
    await reader.refresh();
    await expectSpans();
    reader.close();
  });

  it('gives a pages table built before its newest column that column, though no page changed', async () => {
    const old = path.join(workspace.dataDir, 'old-pages-index');
    const put = [
      {
        file: '2024-05-01_01.txt',
        text: '口袋公园\n\n本报讯 今年青岛新建口袋公园321个。\n',
        source: 'upload' as const,
      },
    ];
    await applyChange({ put, mirror: true }, { uri: old, storageOptions: {}, embedder });
    await recommit(old, async (connection) => {
      const pages = await connection.openTable('pages');
      await pages.dropColumns(['meta']);
      const pagesVersion = await pages.version();
      pages.close();
      return { pagesVersion };
    });
    await applyChange({ put, mirror: true }, { uri: old, storageOptions: {}, embedder });
    const connection = await connectIndex(old, {});
    const pages = await connection.openTable('pages');
    const { pagesVersion } = toManifest((await (await connection.openTable('manifest')).query().toArray())[0]);
    await pages.checkout(pagesVersion);
    expect((await pages.schema()).fields.map((field) => field.name)).toContain('meta');
    connection.close();
  });

  it('keeps a page within dates as the filter on its passages would', () => {
    const source = (published: string | null, inferred = false) => ({ ...UNKNOWN_SOURCE, published, inferred });
    const year = { from: '2024', to: '2025' };
    expect(publishedWithin(source('2024-03-01'), year)).toBe(true);
    expect(publishedWithin(source('2024'), year)).toBe(true);
    expect(publishedWithin(source('2025-01'), year)).toBe(false);
    expect(publishedWithin(source('2023-12-31'), year)).toBe(false);
    expect(publishedWithin(source(null), year)).toBe(false);
    expect(publishedWithin(source('--09-27'), { from: '', to: '2025' })).toBe(false);
    // Undated pages, and pages dated by a guess from their text, count as of any time when asked.
    for (const undated of [source(null), source('--09-27'), source('2020-12', true)])
      expect(publishedWithin(undated, { ...year, undated: true })).toBe(true);
    expect(publishedWithin(source('2020-12'), { ...year, undated: true })).toBe(false);
  });

  it('keeps the last commit serving when a change fails half-way, and undoes what it wrote', async () => {
    const before = await open();
    const failing: Embedder = {
      id: embedder.id,
      dim: embedder.dim,
      embed: async () => Promise.reject(new Error('embedding service down')),
    };
    const pages = [
      {
        file: 'a.txt',
        text: '青岛新闻\n\n本报青岛讯 今年青岛新建口袋公园321个，公园总数达到一千个，市民出门见绿。\n',
        source: 'upload' as const,
      },
      { file: 'b.txt', text: '一条消息\n\n本报讯 只有一句。\n', source: 'upload' as const },
    ];
    // The removal is written before the embedder fails.
    await expect(change({ put: pages, remove: ['002_4c3b8b73249d183e.txt'] }, failing)).rejects.toThrow(
      'embedding service down',
    );
    const after = await open();
    expect(after.current.version).toBe(before.current.version);
    expect(await after.current.pageText('a.txt')).toBeNull();
    expect(await after.current.pageText('002_4c3b8b73249d183e.txt')).not.toBeNull();
    const writer = await IndexWriter.begin({ uri, storageOptions: {}, embedder: embedder.id, dim: embedder.dim });
    expect((await writer.basePages()).map((page) => page.file)).toContain('002_4c3b8b73249d183e.txt');
    writer.close();
    expect((await after.current.textSearch('泡菜', 1)).length).toBe(1);
    before.close();
    after.close();
  });

  it('never serves a change that was written but not committed (a killed ingest), and the next change undoes it', async () => {
    const before = await open();
    const writer = await IndexWriter.begin({ uri, storageOptions: {}, embedder: embedder.id, dim: embedder.dim });
    await writer.removePages(['000_2f615ec6976ddc12.txt']);
    writer.close();
    const reader = await open();
    expect(await reader.current.pageText('000_2f615ec6976ddc12.txt')).not.toBeNull();
    expect((await reader.current.textSearch('马铃薯', 3)).length).toBeGreaterThan(0);
    reader.close();
    const summary = await change(await mirror());
    expect(summary.embedded).toBe(0);
    expect(summary.pages).toBe(5);
    const healed = await open();
    expect((await healed.current.pageList()).map((page) => page.file)).toContain('000_2f615ec6976ddc12.txt');
    expect(healed.current.manifest.passages).toBe(before.current.manifest.passages);
    before.close();
    healed.close();
  });

  it('keeps a committed change when what follows the commit fails', async () => {
    // A new passages table (another embedder), so that undoing the change would drop the table
    // the committed manifest names.
    const other = createOfflineEmbedder(128);
    const failAfterCommit = () => {
      throw new Error('the bot could not switch to the new index');
    };
    await expect(
      applyChange(await mirror(), { uri, storageOptions: {}, embedder: other, onCommitted: failAfterCommit }),
    ).rejects.toThrow('could not switch');
    const reader = await open();
    expect(reader.current.manifest.embedder).toBe('offline-hashed-bow-128');
    expect((await reader.current.textSearch('泡菜', 1)).length).toBe(1);
    reader.close();
    await change(await mirror());
  });

  it('re-embeds and rewrites only the page that changed, in the same passages table', async () => {
    const before = await open();
    await appendFile(
      path.join(workspace.seedsDir, '001_a0eb63093fbffedb.txt'),
      '\n\n补充报道\n\n本报青岛讯 今年青岛新修人行天桥17座。\n',
    );
    const summary = await change(await mirror());
    const after = await open();
    const changed = (await after.current.pageList()).find((page) => page.file.startsWith('001'))!;
    expect(summary.embedded).toBe(changed.chunks);
    expect(after.current.manifest.chunksTable).toBe(before.current.manifest.chunksTable);
    expect((await after.current.textSearch('人行天桥', 1))[0].file).toBe('001_a0eb63093fbffedb.txt');
    const unchanged = (await after.current.pageList()).find((page) => page.file.startsWith('000'))!;
    expect(unchanged.hash).toBe((await before.current.pageList()).find((page) => page.file.startsWith('000'))!.hash);
    before.close();
    after.close();
  });

  it('lets a reader follow commits made after it opened', async () => {
    const serving = new ServingIndex({ uri, storageOptions: {}, log: silentLog });
    await serving.open();
    serving.serveWith(embedder);
    const pages = serving.current().manifest.passages;
    await change({
      put: [{ file: 'parks.txt', text: '青岛新闻\n\n本报青岛讯 今年青岛新建口袋公园321个。\n', source: 'upload' }],
    });
    await serving.follow();
    expect(serving.current().manifest.passages).toBeGreaterThan(pages);
    expect((await serving.current().textSearch('口袋 公园', 1))[0].file).toBe('parks.txt');
    serving.close();
  });

  it('builds a new passages table for another embedder, and refuses to serve the old one with it', async () => {
    const small = createOfflineEmbedder(256);
    const serving = new ServingIndex({ uri, storageOptions: {}, log: silentLog });
    await serving.open();
    serving.serveWith(small);
    expect(() => serving.current()).toThrow(/offline-hashed-bow-512.*npm run ingest/);
    const before = (await open()).current.manifest.chunksTable;
    const summary = await change(await mirror(), small);
    expect(summary.embedded).toBe(summary.chunks);
    await serving.follow();
    expect(serving.current().manifest.embedder).toBe('offline-hashed-bow-256');
    expect(serving.current().manifest.chunksTable).not.toBe(before);
    // The upload stayed: a mirror of SEEDS_DIR removes only pages that came from it.
    expect(await serving.current().pageText('parks.txt')).not.toBeNull();
    serving.close();
  });

  it('writes a new passages table when most pages changed, keeping the pages it did not touch', async () => {
    const small = createOfflineEmbedder(256);
    const previous = await open();
    const before = previous.current.manifest.chunksTable;
    previous.close();
    for (const file of [
      '001_a0eb63093fbffedb.txt',
      '002_4c3b8b73249d183e.txt',
      '003_91f643bd22a170fd.txt',
      '004_e67492a810d0588b.txt',
    ]) {
      await appendFile(path.join(workspace.seedsDir, file), `\n\n更正\n\n本报青岛讯 ${file}的更正说明。\n`);
    }
    const summary = await change(await mirror(), small);
    const reader = await open();
    expect(reader.current.manifest.chunksTable).not.toBe(before);
    expect(summary.embedded).toBe(summary.chunks);
    expect(summary.pages).toBe(6);
    expect((await reader.current.textSearch('更正 说明', 4)).length).toBe(4);
    expect((await reader.current.textSearch('口袋 公园', 1))[0].file).toBe('parks.txt');
    reader.close();
  });

  it('skips a file it cannot read and says why', async () => {
    await appendFile(path.join(workspace.seedsDir, 'binary.txt'), Buffer.from([0x00, 0xff, 0xfe, 0x00]));
    const core = await createCore(testConfig({ DATA_DIR: workspace.dataDir, SEEDS_DIR: workspace.seedsDir }), {
      log: silentLog,
    });
    try {
      const summary = await core.reindex();
      expect(summary.skipped).toEqual([{ file: 'binary.txt', reason: expect.stringMatching(/not UTF-8|binary/) }]);
      expect((await core.pages()).map((page) => page.file)).not.toContain('binary.txt');
    } finally {
      await core.close();
    }
    expect(await readFile(path.join(workspace.seedsDir, 'binary.txt'))).toHaveLength(4);
    expect((await readdir(workspace.seedsDir)).length).toBe(6);
  });
});

/** Commits the manifest of the index at `uri` anew, changed as `edit` says after changing the tables itself. */
async function recommit(
  uri: string,
  edit: (connection: Awaited<ReturnType<typeof connectIndex>>, manifest: Manifest) => Promise<Partial<Manifest>>,
): Promise<void> {
  const connection = await connectIndex(uri, {});
  const table = await connection.openTable('manifest');
  const manifest = toManifest((await table.query().limit(1).toArray())[0]);
  await table.add([manifestRow({ ...manifest, ...(await edit(connection, manifest)) })], { mode: 'overwrite' });
  table.close();
  connection.close();
}
