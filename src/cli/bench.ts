import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig, type Config } from '../config.js';
import { buildIndex } from '../ingest/index.js';
import { createOfflineEmbedder } from '../embed/offline.js';
import { ChunkStore } from '../store/lance.js';
import { Retriever } from '../retrieve/search.js';
import { warmDictionary } from '../text/crosslingual.js';
import { createCore } from '../core.js';
import { percentile, parseQuestionSet } from '../eval/metrics.js';
import { parseArgs, runCli } from './args.js';
import { benchBotRound, type BotRound, type BotRoundResult } from './bench-bot.js';

/**
 * `npm run bench [-- --qa FILE]`: offline ingest time, retrieval and answer latency over
 * 100 questions, bot replies per second and latency with 50 users at once against a local Bot
 * API (in a process of its own, so its work is not timed as the bot's), peak memory.
 * Timings are printed, never asserted: the machines are shared and noisy.
 */
await runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ['qa', 'questions']);
  const base = loadConfig();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'qd-bench-'));
  const config: Config = { ...base, dataDir: path.join(workDir, 'data'), openaiApiKey: null, embeddingApiKey: null };
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  try {
    const questions = await benchQuestions(flags.get('qa'), Number(flags.get('questions') ?? 100));
    const embedder = createOfflineEmbedder();

    const ingestStart = performance.now();
    const summary = await buildIndex({ seedsDir: config.seedsDir, dataDir: config.dataDir, embedder, maxPageBytes: config.maxUploadBytes, previous: null });
    const ingestMs = performance.now() - ingestStart;
    console.log(`ingest (offline)     ${summary.pages} pages, ${summary.articles} articles, ${summary.chunks} chunks in ${ingestMs.toFixed(0)} ms (target < 2000 ms)`);

    const reindexStart = performance.now();
    const store = (await ChunkStore.open(config.dataDir))!;
    const again = await buildIndex({ seedsDir: config.seedsDir, dataDir: config.dataDir, embedder, maxPageBytes: config.maxUploadBytes, previous: store });
    console.log(`reindex, unchanged   ${again.embedded} chunks embedded in ${(performance.now() - reindexStart).toFixed(0)} ms`);
    store.close();

    const retriever = await Retriever.create((await ChunkStore.open(config.dataDir))!, embedder);
    // As the bot does at start-up: build the dictionary and warm the code paths before timing.
    warmDictionary();
    for (const question of questions.slice(0, 10)) await retriever.search(question, config.topK);
    const retrieval = await time(questions, (question) => retriever.search(question, config.topK));
    console.log(`retrieval latency    p50 ${retrieval.p50.toFixed(1)} ms, p95 ${retrieval.p95.toFixed(1)} ms over ${questions.length} questions (target p95 < 20 ms)`);

    const core = await createCore(config, { log: () => undefined });
    const answering = await time(questions, (question) => core.ask(question));
    console.log(`offline answer       p50 ${answering.p50.toFixed(1)} ms, p95 ${answering.p95.toFixed(1)} ms`);

    const users = 50;
    const round = (questionsPerUser: number, throttle: boolean): BotRound => ({ users, questionsPerUser, throttle, timeoutMs: 60_000 });
    printBotRound(`bot replies (${users} users)`, await benchBotRound(core, config, questions, round(1, true)), 'as in production, throttled');
    printBotRound(`bot replies (${users} users)`, await benchBotRound(core, config, questions, round(1, false)), 'throttler off; target p50 < 150 ms');
    printBotRound(`bot replies (${users}×3)`, await benchBotRound(core, config, questions, round(3, false)), 'throttler off, 3 questions each');
    console.log(
      `bot latency            throttler off: the bot's own latency, which the target is for; throttled: Telegram's rate limits as the throttler keeps them (30 messages/s overall, 1 message/s per chat; "typing" skips the queue)`,
    );
    await core.close();

  } finally {
    clearInterval(sampler);
    console.log(`peak memory (RSS)    ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
    await rm(workDir, { recursive: true, force: true });
  }
});

/** The questions of a question set, repeated up to `count`; the dev set by default. */
async function benchQuestions(file: string | true | undefined, count: number): Promise<string[]> {
  const candidates = [typeof file === 'string' ? file : null, '../shared/eval/dev.jsonl', 'tests/fixtures/questions.jsonl'].filter((f): f is string => Boolean(f));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`no question set found (tried ${candidates.join(', ')}): pass --qa FILE`);
  const set = parseQuestionSet(await readFile(found, 'utf8')).map((q) => q.question);
  return Array.from({ length: count }, (_, i) => set[i % set.length]);
}

function printBotRound(label: string, result: BotRoundResult, note: string): void {
  const counts = `${result.answered}/${result.asked} answered, ${result.lost} lost, ${result.duplicated} duplicated${result.other ? `, ${result.other} other messages` : ''}${result.gaveUp ? ', gave up waiting' : ''}`;
  console.log(`${label.padEnd(23)}${result.repliesPerSecond.toFixed(1)} replies/s, p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms; ${counts} (${note})`);
  if (result.lost || result.duplicated) for (const line of result.logs) console.error(`  bot: ${line}`);
}

async function time(questions: string[], run: (question: string) => Promise<unknown>) {
  const samples: number[] = [];
  for (const question of questions) {
    const started = performance.now();
    await run(question);
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}
