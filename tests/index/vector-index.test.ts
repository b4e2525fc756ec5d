import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createOfflineEmbedder } from '../../src/ingest/offline-embedder.js';
import { connectIndex } from '../../src/index/connect.js';
import { preparePage, type PreparedPage } from '../../src/index/prepare-page.js';
import type { StoredChunk } from '../../src/index/schema.js';
import { IndexWriter, VECTOR_INDEX_MIN_ROWS } from '../../src/index/writer.js';
import { LEXICAL_VECTORS_MAX_PASSAGES } from '../../src/qa/retrievers/fused.js';
import { tempWorkspace } from '../support/workspace.js';

/** No index that nothing searches: a lexical embedder's vectors past the vector-index size. */
describe('the vector index', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  const embedder = createOfflineEmbedder();
  let pages: PreparedPage[] = [];

  beforeAll(async () => {
    workspace = await tempWorkspace();
    const seeds: Array<{ file: string; text: string }> = [];
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
});
