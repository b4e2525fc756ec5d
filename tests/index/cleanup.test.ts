import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createOfflineEmbedder } from '../../src/ingest/offline-embedder.js';
import { preparePage } from '../../src/index/prepare-page.js';
import type { StoredChunk } from '../../src/index/schema.js';
import { IndexWriter } from '../../src/index/writer.js';
import { IndexReader } from '../../src/index/reader.js';
import { tempWorkspace } from '../support/workspace.js';

/** Disk in proportion to the data: a build's compaction leaves no superseded files behind. */
describe('index cleanup after a build', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let uri: string;
  const embedder = createOfflineEmbedder();
  const dataFiles = async (table: string) => (await readdir(path.join(uri, `${table}.lance`, 'data'))).length;

  beforeAll(async () => {
    workspace = await tempWorkspace();
    uri = path.join(workspace.dataDir, 'index');
  });
  afterAll(() => workspace.remove());

  it('keeps one data file per table after a build written in several batches', async () => {
    const writer = await IndexWriter.begin({ uri, storageOptions: {}, embedder: embedder.id, dim: embedder.dim });
    const names = (await readdir(workspace.seedsDir)).sort();
    // One write a page: as many data files as pages until the build compacts them.
    for (const file of names) {
      const page = preparePage(
        { file, text: await readFile(path.join(workspace.seedsDir, file), 'utf8'), source: 'seeds' },
        embedder.dim,
      );
      await writer.addPages([{ record: page.record, chunks: page.chunks as StoredChunk[] }]);
    }
    const manifest = await writer.commit();
    expect(await dataFiles(manifest.chunksTable)).toBe(1);
    await writer.maintain();
    writer.close();
    expect(await dataFiles('pages')).toBe(1);

    const reader = (await IndexReader.open(uri, {}))!;
    expect(await reader.current.pageList()).toHaveLength(names.length);
    expect((await reader.current.textSearch('泡菜', 3)).length).toBeGreaterThan(0);
    reader.close();
  });
});
