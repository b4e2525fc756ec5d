import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildIndex } from '../../src/ingest/index.js';
import { createOfflineEmbedder } from '../../src/embed/offline.js';
import { ChunkStore } from '../../src/store/lance.js';
import { Retriever } from '../../src/retrieve/search.js';
import type { Embedder } from '../../src/types.js';
import { tempWorkspace } from '../support/workspace.js';

describe('index build', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  const embedder = createOfflineEmbedder();
  const build = (options: { embedder?: Embedder; previous?: ChunkStore | null } = {}) =>
    buildIndex({ seedsDir: workspace.seedsDir, dataDir: workspace.dataDir, embedder: options.embedder ?? embedder, maxPageBytes: 1_000_000, previous: options.previous ?? null });

  beforeAll(async () => {
    workspace = await tempWorkspace();
    await build();
  });
  afterAll(() => workspace.remove());

  it('records the embedder and every page with its counts and dates', async () => {
    const store = (await ChunkStore.open(workspace.dataDir))!;
    expect(store.meta.embedder).toBe('offline-hashed-bow-512');
    expect(store.meta.dim).toBe(512);
    expect(store.meta.pages.map((p) => p.file)).toHaveLength(5);
    expect(store.meta.pages[0].dates).toContain('2月27日');
    store.close();
  });

  it('finds two-character Chinese words with the full-text index', async () => {
    const store = (await ChunkStore.open(workspace.dataDir))!;
    const hits = await store.textSearch('泡菜', 3);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0].text + hits[0].headline).toContain('泡菜');
    const place = await store.textSearch('陇南', 3);
    expect(place.every((hit) => hit.text.includes('陇南') || hit.headline.includes('陇南'))).toBe(true);
    store.close();
  });

  it('keeps the previous index serving when a rebuild fails half-way', async () => {
    const before = (await ChunkStore.open(workspace.dataDir))!;
    await appendFile(path.join(workspace.seedsDir, '004_e67492a810d0588b.txt'), '\n\n新增报道\n\n本报青岛讯 一条新消息。\n');
    const failing: Embedder = { id: embedder.id, dim: embedder.dim, embed: async () => { throw new Error('embedding service down'); } };
    await expect(build({ embedder: failing, previous: before })).rejects.toThrow('embedding service down');
    const after = (await ChunkStore.open(workspace.dataDir))!;
    expect(after.version).toBe(before.version);
    expect((await after.textSearch('泡菜', 1)).length).toBe(1);
    before.close();
    after.close();
  });

  it('re-embeds only the page that changed', async () => {
    // Start from an index that matches the seeds, whatever earlier tests left behind.
    await build();
    await appendFile(path.join(workspace.seedsDir, '001_a0eb63093fbffedb.txt'), '\n\n补充报道\n\n本报青岛讯 又一条新消息。\n');
    const previous = (await ChunkStore.open(workspace.dataDir))!;
    const summary = await build({ previous });
    const after = (await ChunkStore.open(workspace.dataDir))!;
    const changed = after.meta.pages.find((p) => p.file.startsWith('001'))!;
    expect(summary.embedded).toBe(changed.chunks);
    expect(after.meta.pages.find((p) => p.file.startsWith('000'))!.hash).toBe(previous.meta.pages.find((p) => p.file.startsWith('000'))!.hash);
    previous.close();
    after.close();
  });

  it('refuses to query with an embedder other than the one that built the index', async () => {
    const store = (await ChunkStore.open(workspace.dataDir))!;
    await expect(Retriever.create(store, createOfflineEmbedder(256))).rejects.toThrow(/offline-hashed-bow-512.*npm run ingest/);
    store.close();
  });

  it('skips a file it cannot read and says why', async () => {
    await appendFile(path.join(workspace.seedsDir, 'binary.txt'), Buffer.from([0x00, 0xff, 0xfe, 0x00]));
    const summary = await build();
    expect(summary.skipped).toEqual([{ file: 'binary.txt', reason: expect.stringMatching(/not UTF-8|binary/) }]);
    expect(summary.pages).toBe(5);
    expect(await readFile(path.join(workspace.seedsDir, 'binary.txt'))).toHaveLength(4);
  });
});
