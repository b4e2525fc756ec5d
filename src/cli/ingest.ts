import path from 'node:path';
import { loadConfig } from '../config.js';
import { createCore } from '../core.js';
import { parseArgs, runCli } from './args.js';

/** `npm run ingest [-- --dir DIR]`: (re)builds the index from the report pages. */
await runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ['dir']);
  const config = loadConfig();
  const seedsDir = typeof flags.get('dir') === 'string' ? path.resolve(flags.get('dir') as string) : config.seedsDir;
  // A missing or damaged index is built here, once, rather than by the core as it starts.
  const core = await createCore({ ...config, seedsDir }, { buildIfMissing: false, log: () => undefined });
  try {
    const summary = await core.reindex();
    for (const { file, reason } of summary.skipped) console.error(`skipped ${file}: ${reason}`);
    const { embedder } = await core.stats();
    console.log(
      `indexed ${summary.pages} pages, ${summary.articles} articles, ${summary.chunks} chunks (${summary.embedded} embedded, ${summary.chunks - summary.embedded} reused) in ${summary.seconds.toFixed(2)} s with ${embedder} → ${config.dataDir}`,
    );
  } finally {
    await core.close();
  }
});
