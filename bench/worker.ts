import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig, type Config } from '../src/app/config.js';
import { createCore } from '../src/app/core.js';
import { createOfflineEmbedder } from '../src/ingest/offline-embedder.js';
import { judge, parseQuestionSet, percentile, summarize, unanswered } from '../src/eval/metrics.js';
import { createSearch } from '../src/qa/create-engine.js';
import { search } from '../src/qa/search.js';
import { IndexReader } from '../src/index/reader.js';
import { connectIndex } from '../src/index/connect.js';
import { hasVectors } from '../src/index/schema.js';
import type { Embedder } from '../src/domain/types.js';
import { silentLog } from '../src/observe/log.js';
import { prepareDictionary } from '../src/text/dictionary-file.js';
import { prepareQuestionText } from '../src/text/prepare.js';
import { queryOf } from '../src/qa/query/query.js';
import { wordStatistics } from '../src/qa/words.js';

/**
 * One measurement of `npm run bench`, in a process of its own so that its start-up time and
 * memory are its own: `worker.ts ingest|changes|serve`, with DATA_DIR and SEEDS_DIR set and the
 * question set in BENCH_QA. Prints one JSON object.
 */
const task = process.argv[2];
const config: Config = { ...loadConfig(), openaiApiKey: null, embeddingApiKey: null };
const silent = { log: silentLog };
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const since = (start: number) => performance.now() - start;

async function ingest() {
  const start = performance.now();
  // As `npm run ingest` does, so that the runs after it read the prepared dictionary.
  prepareDictionary(config.dataDir);
  const core = await createCore(config, { ...silent, buildIfMissing: false });
  const summary = await core.reindex();
  await core.close();
  const ms = since(start);
  return {
    ms,
    peakRssMb: peakRssMb(),
    ...(await disk()),
    pages: summary.pages,
    chunks: summary.chunks,
    embedded: summary.embedded,
  };
}

/** Disk after the build: the whole data folder, the index's folder, and the live passages table (its newest version). */
async function disk() {
  const reader = (await IndexReader.open(config.indexUri, config.storageOptions))!;
  const connection = await connectIndex(config.indexUri, config.storageOptions);
  const table = await connection.openTable(reader.current.manifest.chunksTable);
  const liveTableMb = (await table.stats()).totalBytes / 1024 / 1024;
  table.close();
  connection.close();
  reader.close();
  return {
    dataDirMb: (await folderBytes(config.dataDir)) / 1024 / 1024,
    // The tables (passages, pages, manifest) with their indexes, after the build removed what it superseded.
    indexDirMb: (await folderBytes(config.indexUri)) / 1024 / 1024,
    liveTableMb,
  };
}

async function folderBytes(folder: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return bytes;
}

/** As an admin changes pages from the chat: the time until the change is served. */
async function changes() {
  const core = await createCore(config, silent);
  const page = (figure: number) =>
    new TextEncoder().encode(
      `新建口袋公园\n\n本报青岛讯 今年青岛新建口袋公园${figure}个，市民出门见绿。\n\n公园建设将持续推进。\n`,
    );
  const timed = async (run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    return since(start);
  };
  const addMs = await timed(() => core.addPage('bench-parks.txt', page(321)));
  const changeMs = await timed(() => core.addPage('bench-parks.txt', page(322)));
  const found = (await core.ask('今年青岛新建了多少个口袋公园？')).text.includes('322');
  const removeMs = await timed(() => core.removePage('bench-parks.txt'));
  await core.close();
  return { addMs, changeMs, removeMs, found, peakRssMb: peakRssMb() };
}

/**
 * Whether the served passages table keeps vectors: a new one of the offline embedder past 5,000
 * passages does not (they are not searched at that size), and the vector side is not measured.
 */
async function servedVectors(): Promise<boolean> {
  const reader = (await IndexReader.open(config.indexUri, config.storageOptions))!;
  const connection = await connectIndex(config.indexUri, config.storageOptions);
  const table = await connection.openTable(reader.current.manifest.chunksTable);
  const vectors = hasVectors(await table.schema());
  table.close();
  connection.close();
  reader.close();
  return vectors;
}

const FIRST_QUESTIONS = [
  '青岛去年帮中西部卖了多少农产品？',
  'How many pedestrian bridges did Qingdao build this year?',
];

/**
 * A process that answers: start to first answer and memory from `npm start` itself (see
 * `started`), then latency and quality on the real pages from a core in this process.
 */
async function serve() {
  const set = parseQuestionSet(await readFile(process.env.BENCH_QA!, 'utf8'));
  const start = await started([...FIRST_QUESTIONS, ...[0, 1, 2].flatMap(() => set.map((q) => q.question))]);
  // As `npm start` does: what every question needs is loaded before the first one.
  prepareQuestionText(config.dataDir);
  const core = await createCore(config, silent);
  for (const question of [...FIRST_QUESTIONS, ...set.slice(0, 10).map((q) => q.question)]) await core.ask(question);
  const samples: number[] = [];
  const results = [];
  const pages = new Map<string, string>();
  const pageText = (file: string) => pages.get(file) ?? '';
  for (const file of new Set(set.flatMap((q) => (q.file === null ? [] : [q.file].flat())))) {
    pages.set(file, await readFile(path.join(config.seedsDir, file), 'utf8').catch(() => ''));
  }
  for (let round = 0; round < 3; round++) {
    for (const question of set) {
      const start = performance.now();
      const answer = await core.ask(question.question);
      const ms = since(start);
      samples.push(ms);
      if (round === 0) results.push(judge(question, answer, 5, ms, pageText));
    }
  }
  const quality = summarize(results, 5);
  await core.close();
  return {
    ...start,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    recallAt5: quality.recallAtK,
    answerHit: quality.answerHit,
    refusalAccuracy: quality.refusalAccuracy,
    ...((await servedVectors())
      ? await vectorSide(
          set.map((q) => q.question),
          pageText,
          set,
        )
      : {}),
  };
}

/** The longest one answer may take before the started process is taken for stuck. */
const ANSWER_TIMEOUT_MS = 120_000;

/**
 * `npm start` as an operator runs it: the built `dist/cli/start.js` (built first if stale, as
 * `npm start` does) as the terminal chat, in a process of its own. Not this process: it runs
 * under tsx, whose start compiles the TypeScript, so its time since start (2–4 s more) and its
 * memory are not the answering process's. Ready is when the chat reads the first question
 * (it echoes each piped line as it reads it), timed from the spawn; each answer is timed from
 * its echo to the bot's reply; RSS is read after the last answer. The chat keeps its state
 * (answers, conversations) in DATA_DIR, like any start.
 */
async function started(questions: string[]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building dist/ failed');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/cli/start.js'], {
    cwd: root,
    // The bench asks faster than a reader may.
    env: { ...process.env, MALLOC_ARENA_MAX: '2', TELEGRAM_BOT_TOKEN: '', RATE_LIMIT_PER_MINUTE: '10000' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const output = lineReader(child.stdout!, () => child.exitCode !== null);
  const times: number[] = [];
  let readyMs = 0;
  try {
    for (const question of questions) {
      child.stdin!.write(`${question}\n`);
      const read = await output.next((line) => line.startsWith('👤 '));
      if (!times.length) readyMs = read - spawnedAt;
      times.push((await output.next((line) => line.startsWith('🤖'))) - read);
    }
    const rssMb =
      Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)])
          .toString()
          .trim(),
      ) / 1024;
    return {
      readyMs,
      firstAnswerMs: readyMs + times[0],
      firstQuestionMs: times[0],
      firstEnglishMs: times[1],
      startedP50: percentile(times.slice(2), 50),
      rssMb,
      rssAfterQuestions: times.length,
    };
  } finally {
    child.kill();
  }
}

/** Lines of a stream as they come: `next` waits for one that matches, returning when it came. */
function lineReader(stream: Readable, ended: () => boolean) {
  const lines: Array<{ line: string; at: number }> = [];
  let wake: (() => void) | null = null;
  createInterface({ input: stream }).on('line', (line) => {
    lines.push({ line, at: performance.now() });
    wake?.();
  });
  return {
    async next(match: (line: string) => boolean): Promise<number> {
      const deadline = performance.now() + ANSWER_TIMEOUT_MS;
      for (;;) {
        const found = lines.findIndex(({ line }) => match(line));
        if (found >= 0) return lines.splice(0, found + 1)[found].at;
        if (ended()) throw new Error('npm start ended before answering (its standard error says why)');
        if (performance.now() > deadline) throw new Error('npm start gave no answer in time');
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1_000).unref();
        });
      }
    },
  };
}

/**
 * What the vector side adds at this size: recall@5 of the hybrid search against words alone on
 * the question set, and the share of the exact 10 nearest vectors the IVF index finds.
 */
async function vectorSide(
  questions: string[],
  pageText: (file: string) => string,
  set: ReturnType<typeof parseQuestionSet>,
) {
  const reader = (await IndexReader.open(config.indexUri, config.storageOptions))!;
  const embedder = createOfflineEmbedder();
  // Not marked lexical, so that the vectors are searched at every size.
  const withVectors: Embedder = {
    id: embedder.id,
    dim: embedder.dim,
    embed: (texts, kind) => embedder.embed(texts, kind),
  };
  const wordsOnly: Embedder = {
    id: embedder.id,
    dim: embedder.dim,
    embed: () => Promise.reject(new Error('words only')),
  };
  const recall = async (using: Embedder) => {
    const stages = createSearch({ embedder: using });
    const index = reader.current;
    const words = wordStatistics(index.terms);
    const results = [];
    for (const question of set) {
      const passages = await search(stages, { index, query: queryOf(question.question, words), depth: 5 });
      results.push(judge(question, unanswered(question.question, passages), 5, 0, pageText));
    }
    return summarize(results, 5).recallAtK;
  };
  const result = {
    hybridRecallAt5: await recall(withVectors),
    wordsOnlyRecallAt5: await recall(wordsOnly),
    annRecallAt10: await annRecall(reader, questions, embedder),
  };
  reader.close();
  return result;
}

/**
 * The share of the exact 10 nearest vectors that the serving index's vector search (IVF, as the
 * bot searches) finds; the exact ones read every vector of the same committed table.
 */
async function annRecall(reader: IndexReader, questions: string[], embedder: Embedder): Promise<number> {
  const { chunksTable, chunksVersion } = reader.current.manifest;
  const connection = await connectIndex(config.indexUri, config.storageOptions);
  const table = await connection.openTable(chunksTable);
  await table.checkout(chunksVersion);
  let found = 0;
  for (const question of questions) {
    const [vector] = await embedder.embed([question], 'query');
    const rows = await table
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .bypassVectorIndex()
      .select(['id'])
      .limit(10)
      .toArray();
    const exact = new Set(rows.map((row) => String(row.id)));
    found += (await reader.current.vectorSearch(vector, 10)).filter((passage) => exact.has(passage.id)).length / 10;
  }
  table.close();
  connection.close();
  return found / questions.length;
}

const tasks: Record<string, () => Promise<object>> = { ingest, changes, serve };
if (!tasks[task]) throw new Error(`unknown task ${task}: ingest, changes or serve`);
const result = await tasks[task]();
const out = process.env.BENCH_OUT;
if (out) await writeFile(out, JSON.stringify(result));
else console.log(JSON.stringify(result));
