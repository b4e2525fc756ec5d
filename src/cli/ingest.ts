import path from 'node:path';
import { loadConfig } from '../app/config.js';
import { createCore } from '../app/core.js';
import { parseArgs, runCli } from './args.js';
import { terminalProgress } from './progress.js';
import type { IndexSummary } from '../domain/types.js';
import { silentLog } from '../observe/log.js';
import { prepareDictionary } from '../text/dictionary-file.js';
import { dictionaryNotKept } from '../text/prepare.js';

/**
 * `npm run ingest [-- --dir DIR]`: brings the index up to date with the report pages. On a
 * terminal it shows progress; piped, it prints one summary line.
 */
await runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ['dir']);
  const config = loadConfig();
  const seedsDir = typeof flags.get('dir') === 'string' ? path.resolve(flags.get('dir') as string) : config.seedsDir;
  const started = Date.now();
  // Prepared beside the index, so that the bot's start reads the English dictionary rather than
  // builds it; before the build, whose end (compaction, index build) is its memory's peak.
  const { notKept } = prepareDictionary(config.dataDir);
  if (notKept) console.error(dictionaryNotKept(notKept));
  // A missing or damaged index is built here, once, rather than by the core as it starts.
  const core = await createCore({ ...config, seedsDir }, { buildIfMissing: false, log: silentLog });
  let summary: IndexSummary;
  let embedder: string;
  try {
    summary = await core.reindex({ onProgress: terminalProgress(process.stderr) });
    // From the change rather than `core.stats()`, which reads every page (0.35 s at 50,000 pages).
    embedder = summary.embedder ?? (await core.stats()).embedder;
  } finally {
    // Waits for the search indexes to take in the change: the time printed includes it.
    await core.close();
  }
  for (const { file, reason } of summary.skipped) console.error(`skipped ${file}: ${reason}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  const reused = summary.chunks - summary.embedded;
  console.log(
    `indexed ${summary.pages} pages, ${summary.articles} articles, ${summary.chunks} chunks (${summary.embedded} embedded, ${reused} reused) in ${seconds} s with ${embedder} → ${config.indexUri}`,
  );
});
