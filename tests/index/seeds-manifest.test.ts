import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createOfflineEmbedder } from '../../src/ingest/offline-embedder.js';
import { PageLibrary } from '../../src/index/library.js';
import { inThisThread } from '../../src/index/page-work.js';
import { ServingIndex } from '../../src/index/serving.js';
import { diskSeedFiles, scanSeeds, type SeedFiles } from '../../src/index/seeds-manifest.js';
import { applyChange } from '../../src/index/indexer.js';
import { silentLog } from '../../src/observe/log.js';
import { tempWorkspace } from '../support/workspace.js';

/** `npm run ingest` reads only what changed in SEEDS_DIR since the last run (the seeds manifest). */
describe('reindex from the seeds manifest', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let library: PageLibrary;
  let serving: ServingIndex;
  let seedNames: string[];
  const reads: string[] = [];
  const counting: SeedFiles = {
    ...diskSeedFiles,
    read: (file) => {
      reads.push(path.basename(file));
      return diskSeedFiles.read(file);
    },
  };
  const reindex = async () => {
    reads.length = 0;
    const summary = await library.reindex();
    await serving.settle();
    return summary;
  };
  const manifestFile = () => path.join(workspace.dataDir, 'seeds-manifest.json');

  beforeAll(async () => {
    workspace = await tempWorkspace();
    const embedder = createOfflineEmbedder();
    const config = {
      indexUri: path.join(workspace.dataDir, 'index'),
      storageOptions: {},
      dataDir: workspace.dataDir,
      seedsDir: workspace.seedsDir,
      maxUploadBytes: 1_000_000,
      embeddingBatchSize: 64,
    };
    serving = new ServingIndex({ uri: config.indexUri, storageOptions: {}, log: silentLog });
    serving.serveWith(embedder);
    library = new PageLibrary(config, serving, embedder, silentLog, inThisThread, undefined, counting);
    seedNames = (await readdir(workspace.seedsDir)).sort();
  });
  afterAll(async () => {
    serving.close();
    await workspace.remove();
  });

  it('reads every page on the first run, and none when nothing changed', async () => {
    const first = await reindex();
    expect(reads.sort()).toEqual(seedNames);
    expect(first.pages).toBe(seedNames.length);

    const again = await reindex();
    expect(reads).toEqual([]);
    expect(again.pages).toBe(seedNames.length);
    expect(again.chunks).toBe(first.chunks);
    expect(again.embedded).toBe(0);
  });

  it('reads a touched file but does not re-index it when its content is the same', async () => {
    const file = path.join(workspace.seedsDir, seedNames[0]);
    const later = new Date((await stat(file)).mtimeMs + 60_000);
    await utimes(file, later, later);
    const touched = await reindex();
    expect(reads).toEqual([seedNames[0]]);
    expect(touched.embedded).toBe(0);
    // The new modification time is kept: the next run reads nothing again.
    await reindex();
    expect(reads).toEqual([]);
  });

  it('re-indexes a changed page, indexes a new one and removes a deleted one', async () => {
    await appendFile(path.join(workspace.seedsDir, seedNames[1]), '\n\n本报青岛讯 今年青岛新修人行天桥17座。\n');
    const changed = await reindex();
    expect(reads).toEqual([seedNames[1]]);
    expect(changed.embedded).toBeGreaterThan(0);
    expect(await serving.current().pageText(seedNames[1])).toContain('人行天桥17座');

    await writeFile(
      path.join(workspace.seedsDir, 'added-page.txt'),
      '新闻\n\n本报青岛讯 今年青岛新建口袋公园321个。\n',
    );
    const added = await reindex();
    expect(reads).toEqual(['added-page.txt']);
    expect(added.pages).toBe(seedNames.length + 1);

    await rm(path.join(workspace.seedsDir, 'added-page.txt'));
    const removed = await reindex();
    expect(reads).toEqual([]);
    expect(removed.pages).toBe(seedNames.length);
  });

  it('reads every page again when the pipeline or the embedder changed', async () => {
    const manifest = JSON.parse(await readFile(manifestFile(), 'utf8'));
    await writeFile(manifestFile(), JSON.stringify({ ...manifest, key: 'an-earlier-pipeline' }));
    await reindex();
    expect(reads.sort()).toEqual(seedNames);
  });
});

/** A scan holds the text of so many pages only; the rest are read again when their turn comes. */
describe('a scan past its budget of held text', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  beforeAll(async () => {
    workspace = await tempWorkspace();
  });
  afterAll(async () => {
    await workspace.remove();
  });

  it('defers the pages past it, reads them again when indexed, and skips one gone meanwhile', async () => {
    const names = (await readdir(workspace.seedsDir)).sort();
    const reads: string[] = [];
    const files: SeedFiles = {
      ...diskSeedFiles,
      read: (file) => {
        reads.push(path.basename(file));
        return diskSeedFiles.read(file);
      },
    };
    const firstLength = (await readFile(path.join(workspace.seedsDir, names[0]), 'utf8')).length;
    const scan = await scanSeeds(workspace.seedsDir, {
      key: 'test',
      previous: null,
      indexed: new Map(),
      maxBytes: 1_000_000,
      work: inThisThread,
      files,
      heldChars: firstLength,
    });
    expect(scan.pages.map((page) => 'text' in page)).toEqual(names.map((_, i) => i === 0));
    expect(reads).toEqual(names);

    await rm(path.join(workspace.seedsDir, names[2]));
    const summary = await applyChange(
      { put: scan.pages },
      { uri: path.join(workspace.dataDir, 'index'), storageOptions: {}, embedder: createOfflineEmbedder() },
    );
    expect(reads).toEqual([...names, ...names.slice(1)]);
    expect(summary.pages).toBe(names.length - 1);
    expect(summary.skipped).toEqual([{ file: names[2], reason: expect.stringMatching(/ENOENT/) }]);
  });
});
