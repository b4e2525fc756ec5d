import path from 'node:path';
import { loadConfig } from '../config.js';
import { buildIndex } from '../ingest/index.js';
import { ChunkStore, IndexStoreError } from '../store/lance.js';
import { createEmbedder } from '../core.js';
import { parseArgs, runCli } from './args.js';

/** `npm run ingest [-- --dir DIR]`: (re)builds the index from the report pages. */
await runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ['dir']);
  const config = loadConfig();
  const seedsDir = typeof flags.get('dir') === 'string' ? path.resolve(flags.get('dir') as string) : config.seedsDir;
  // A damaged index is rebuilt from scratch rather than reused.
  const previous = await ChunkStore.open(config.dataDir).catch((error) => {
    if (error instanceof IndexStoreError) return null;
    throw error;
  });
  const embedder = await createEmbedder(config, {}, previous?.meta ?? null);
  try {
    const summary = await buildIndex({ seedsDir, dataDir: config.dataDir, embedder, maxPageBytes: config.maxUploadBytes, batchSize: config.embeddingBatchSize, previous });
    for (const { file, reason } of summary.skipped) console.error(`skipped ${file}: ${reason}`);
    console.log(
      `indexed ${summary.pages} pages, ${summary.articles} articles, ${summary.chunks} chunks (${summary.embedded} embedded, ${summary.chunks - summary.embedded} reused) in ${summary.seconds.toFixed(2)} s with ${embedder.id} → ${config.dataDir}`,
    );
  } finally {
    previous?.close();
  }
});
