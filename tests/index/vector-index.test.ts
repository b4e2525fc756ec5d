import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createOfflineEmbedder } from '../../src/ingest/offline-embedder.js';
import { connectIndex } from '../../src/index/connect.js';
import { preparePage, type PreparedPage } from '../../src/index/prepare-page.js';
import type { StoredChunk } from '../../src/index/schema.js';
import { IndexWriter, VECTOR_INDEX_MIN_ROWS } from '../../src/index/writer.js';
import { applyChange } from '../../src/index/indexer.js';
import { IndexReader } from '../../src/index/reader.js';
import { LEXICAL_VECTORS_MAX_PASSAGES } from '../../src/qa/retrievers/fused.js';
import { tempWorkspace } from '../support/workspace.js';

/** No index that nothing searches: a lexical embedder's vectors past the vector-index size. */
describe('the vector index', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  const embedder = createOfflineEmbedder();
  let pages: PreparedPage[] = [];
  let seeds: Array<{ file: string; text: string }> = [];

  beforeAll(async () => {
    workspace = await tempWorkspace();
    seeds = [];
    for (const file of (await readdir(workspace.seedsDir)).sort())
      seeds.push({ file, text: await readFile(path.join(workspace.seedsDir, file), 'utf8') });
    const once = seeds.map((seed) => preparePage({ ...seed, source: 'seeds' }, embedder.dim));
    const perRound = once.reduce((sum, page) => sum + page.chunks.length, 0);
    // The real pages again under other names, until the table needs a vector index.
    pages = Array.from({ length: Math.ceil(VECTOR_INDEX_MIN_ROWS / perRound) }, (_, round) =>
      once.map((page) => {
        const file = `copy${round}-${page.record.file}`;
        return {
          ...page,
          record: { ...page.record, file },
          chunks: page.chunks.map((chunk) => ({ ...chunk, file, id: `${round}-${chunk.id}` })),
        };
      }),
    ).flat();
  });
  afterAll(() => workspace.remove());

  const build = async (name: string, indexVectors: boolean) => {
    const uri = path.join(workspace.dataDir, name);
    const writer = await IndexWriter.begin({
      uri,
      storageOptions: {},
      embedder: embedder.id,
      dim: embedder.dim,
      indexVectors,
    });
    await writer.addPages(pages.map((page) => ({ record: page.record, chunks: page.chunks as StoredChunk[] })));
    const manifest = await writer.commit();
    await writer.maintain();
    writer.close();
    const connection = await connectIndex(uri, {});
    const table = await connection.openTable(manifest.chunksTable);
    const indexes = (await table.listIndices()).map((index) => index.name).sort();
    const rows = await table.countRows();
    table.close();
    connection.close();
    return { indexes, rows };
  };

  it('is not built over vectors searched only while the table is smaller than an index needs', async () => {
    expect(LEXICAL_VECTORS_MAX_PASSAGES).toBeLessThanOrEqual(VECTOR_INDEX_MIN_ROWS);
    const lexical = await build('lexical', false);
    expect(lexical.rows).toBeGreaterThanOrEqual(VECTOR_INDEX_MIN_ROWS);
    expect(lexical.indexes).not.toContain('vector_idx');
    expect(lexical.indexes).toContain('tokens_idx');
  });

  it('is built over the vectors of an embedder that are searched at any size', async () => {
    expect((await build('semantic', true)).indexes).toContain('vector_idx');
  });

  it('is not even stored for a lexical embedder past that size, and comes back when the table shrinks below it', async () => {
    const uri = path.join(workspace.dataDir, 'shrinking');
    const change = (put: typeof seeds, remove: string[] = []) =>
      applyChange(
        { put: put.map((page) => ({ ...page, source: 'seeds' as const })), remove },
        { uri, storageOptions: {}, embedder },
      );
    const copies = pages.map((page) => page.record.file);
    const inputs = copies.map((file) => ({ file, text: seeds.find((seed) => file.endsWith(`-${seed.file}`))!.text }));
    const served = async () => {
      const reader = (await IndexReader.open(uri, {}))!;
      const connection = await connectIndex(uri, {});
      const table = await connection.openTable(reader.current.manifest.chunksTable);
      await table.checkout(reader.current.manifest.chunksVersion);
      const vectors = (await table.schema()).fields.some((field) => field.name === 'vector');
      const rows = await table.countRows();
      const [query] = await embedder.embed(['泡菜'], 'query');
      const nearest = vectors ? await reader.current.vectorSearch(query, 3) : [];
      table.close();
      connection.close();
      reader.close();
      return { vectors, rows, nearest: nearest.length };
    };

    await change(inputs);
    expect(await served()).toMatchObject({ vectors: false, rows: expect.any(Number) });
    expect((await served()).rows).toBeGreaterThanOrEqual(VECTOR_INDEX_MIN_ROWS);
    // One page more, to a table without vectors: none computed, none needed.
    await change([{ file: 'one-more.txt', text: seeds[0].text }]);
    expect((await served()).vectors).toBe(false);

    const keep = new Set(copies.slice(0, seeds.length * 2));
    const summary = await change([], [...copies.filter((file) => !keep.has(file)), 'one-more.txt']);
    expect(summary.chunks).toBeLessThan(LEXICAL_VECTORS_MAX_PASSAGES);
    expect(await served()).toEqual({ vectors: true, rows: summary.chunks, nearest: 3 });
  });
});
