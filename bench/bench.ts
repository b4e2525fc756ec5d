import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/app/config.js';
import { createCore } from '../src/app/core.js';
import { parseQuestionSet } from '../src/eval/metrics.js';
import { generateArchive, readSeedPages, writeArchive } from './archive.js';
import { parseArgs, runCli } from '../src/cli/args.js';
import { benchBotRound, type BotRound, type BotRoundResult } from './bench-bot.js';
import { silentLog } from '../src/observe/log.js';

/**
 * `npm run bench [-- --sizes 5,1000,4000] [--qa FILE] [--no-bot]`: the archive at each size
 * (the real pages and a deterministic synthetic archive recombined from them), offline
 * embedder: full ingest time and peak memory, adding, changing and removing one page, question
 * latency, the answering process's memory and start-up, and answer quality on the question set;
 * then bot replies with 50 users at once against a local Bot API, on the real pages.
 * Each measurement runs in a process of its own. Timings are printed, never asserted.
 */
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
/**
 * As `npm run ingest` sets it: glibc's malloc held to two arenas. LanceDB's many threads otherwise
 * leave freed memory spread over an arena each: at 1.45 million passages, writing, compacting and
 * indexing the table peaked at 1,341 MB with the default and at 1,036 MB with two.
 */
const INGEST_ENV = { MALLOC_ARENA_MAX: '2' };
/** As `npm run ingest` runs it: built, so that the time is the ingest's, not a compiler's. */
const INGEST = fileURLToPath(new URL('../dist/cli/ingest.js', import.meta.url));
const BUILD_IF_STALE = fileURLToPath(new URL('../scripts/build-if-stale.mjs', import.meta.url));

await runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ['qa', 'sizes']);
  const base = loadConfig();
  const sizes = String(flags.get('sizes') ?? '5,1000,4000')
    .split(',')
    .map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1))
    throw new Error('--sizes takes page counts such as 5,1000,4000');
  const qa = questionSetFile(flags.get('qa'));
  await run(BUILD_IF_STALE, [], {});
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'qd-bench-'));
  try {
    const seeds = await readSeedPages(base.seedsDir);
    const rows: Array<[string, ...string[]]> = [];
    const columns: string[] = [];
    type Measured = Record<string, number | boolean>;
    const results: Array<{
      size: number;
      ingest: Measured;
      unchanged: number;
      incremental: number;
      changes: Measured;
      serve: Measured;
      /** The machine's 1-minute load average before the ingest and after the answering process. */
      load: number[];
    }> = [];
    for (const size of sizes) {
      const seedsDir = path.join(workDir, `pages-${size}`);
      const env = { DATA_DIR: path.join(workDir, `data-${size}`), SEEDS_DIR: seedsDir, BENCH_QA: qa };
      await writeArchive(seedsDir, generateArchive(seeds, size));
      console.error(`${size} pages: ingesting…`);
      const loadBefore = os.loadavg()[0];
      // Each measurement as it is done: a long run stopped later still leaves its figures.
      const ingest = await worker('ingest', { ...env, ...INGEST_ENV });
      console.error(`${size} pages: ingest ${JSON.stringify({ ...ingest, load: os.loadavg()[0] })}`);
      const unchanged = await timed(() => run(INGEST, [], { ...env, ...INGEST_ENV }));
      await writeFile(path.join(seedsDir, 'bench-new-page.txt'), '新闻\n\n本报青岛讯 今年青岛新修人行天桥17座。\n');
      const incremental = await timed(() => run(INGEST, [], { ...env, ...INGEST_ENV }));
      console.error(`${size} pages: no change ${unchanged} ms, one page added ${incremental} ms; changing pages…`);
      const changes = await worker('changes', env);
      console.error(`${size} pages: changes ${JSON.stringify(changes)}; answering…`);
      const serve = await worker('serve', env);
      columns.push(`${size.toLocaleString('en')} pages (${Number(ingest.chunks).toLocaleString('en')} passages)`);
      results.push({ size, ingest, unchanged, incremental, changes, serve, load: [loadBefore, os.loadavg()[0]] });
      console.error(`${size} pages: serve ${JSON.stringify(serve)}`);
    }
    const cell = (f: (r: (typeof results)[number]) => string) => results.map(f);
    const s = (ms: unknown) => `${(Number(ms) / 1000).toFixed(1)} s`;
    const ms = (value: unknown) => `${Number(value).toFixed(0)} ms`;
    const mb = (value: unknown) => `${Number(value).toFixed(0)} MB`;
    const share = (value: unknown) => (value === undefined ? 'not measured' : Number(value).toFixed(2));
    rows.push(['full ingest (time, peak RSS)', ...cell((r) => `${s(r.ingest.ms)}, ${mb(r.ingest.peakRssMb)}`)]);
    rows.push([
      'data folder on disk / its index folder / live passages table',
      ...cell((r) => `${mb(r.ingest.dataDirMb)} / ${mb(r.ingest.indexDirMb)} / ${mb(r.ingest.liveTableMb)}`),
    ]);
    rows.push(['`npm run ingest` with no change', ...cell((r) => s(r.unchanged))]);
    rows.push(['`npm run ingest`, one page added', ...cell((r) => s(r.incremental))]);
    rows.push([
      'add / change / remove one page',
      ...cell((r) => `${ms(r.changes.addMs)} / ${ms(r.changes.changeMs)} / ${ms(r.changes.removeMs)}`),
    ]);
    rows.push(['question p50 / p95', ...cell((r) => `${ms(r.serve.p50)} / ${ms(r.serve.p95)}`)]);
    rows.push(['answering process RSS', ...cell((r) => mb(r.serve.rssMb))]);
    rows.push([
      'start to ready / to first answer',
      ...cell((r) => `${s(r.serve.readyMs)} / ${s(r.serve.firstAnswerMs)}`),
    ]);
    rows.push([
      'first question / first English question',
      ...cell((r) => `${ms(r.serve.firstQuestionMs)} / ${ms(r.serve.firstEnglishMs)}`),
    ]);
    rows.push([
      'question set: recall@5, answer hit, refusals',
      ...cell((r) => `${share(r.serve.recallAt5)}, ${share(r.serve.answerHit)}, ${share(r.serve.refusalAccuracy)}`),
    ]);
    rows.push([
      'recall@5 hybrid / words only',
      ...cell((r) => `${share(r.serve.hybridRecallAt5)} / ${share(r.serve.wordsOnlyRecallAt5)}`),
    ]);
    rows.push(['vector index: share of exact top 10', ...cell((r) => share(r.serve.annRecallAt10))]);
    rows.push(['load average (1 min) before / after', ...cell((r) => r.load.map((l) => l.toFixed(1)).join(' / '))]);
    console.log(`\n| offline embedder, ${os.availableParallelism()} cores | ${columns.join(' | ')} |`);
    console.log(`|---|${columns.map(() => '---').join('|')}|`);
    for (const [label, ...values] of rows) console.log(`| ${label} | ${values.join(' | ')} |`);
    console.log(
      `(question set: ${qa}; the added page was found after its change: ${results.every((r) => r.changes.found) ? 'yes' : 'NO'})\n`,
    );

    if (!flags.has('no-bot'))
      await botRounds(
        { ...base, dataDir: path.join(workDir, 'data-bot'), indexUri: path.join(workDir, 'data-bot', 'index') },
        qa,
      );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
});

function questionSetFile(flag: string | true | undefined): string {
  const candidates = [
    typeof flag === 'string' ? flag : null,
    '../shared/eval/dev.jsonl',
    'tests/fixtures/questions.jsonl',
  ].filter((f): f is string => Boolean(f));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`no question set found (tried ${candidates.join(', ')}): pass --qa FILE`);
  return path.resolve(found);
}

function run(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...(script.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps']), script, ...args],
      { env: { ...process.env, ...env, OPENAI_API_KEY: '', EMBEDDING_API_KEY: '' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${path.basename(script)} ${args.join(' ')} failed: ${stderr || error.message}`))
          : resolve(stdout),
    );
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await work();
  return Date.now() - started;
}

async function worker(task: string, env: Record<string, string>): Promise<Record<string, number | boolean>> {
  const output = await run(WORKER, [task], env);
  return JSON.parse(output.trim().split('\n').pop()!) as Record<string, number | boolean>;
}

/** Bot replies per second and latency, 50 users at once, on the real pages. */
async function botRounds(config: Config, qa: string): Promise<void> {
  const set = parseQuestionSet(await readFile(qa, 'utf8')).map((q) => q.question);
  const questions = Array.from({ length: 150 }, (_, i) => set[i % set.length]);
  const core = await createCore({ ...config, openaiApiKey: null, embeddingApiKey: null }, { log: silentLog });
  try {
    const users = 50;
    const round = (questionsPerUser: number, throttle: boolean): BotRound => ({
      users,
      questionsPerUser,
      throttle,
      timeoutMs: 60_000,
    });
    printBotRound(
      `bot replies (${users} users)`,
      await benchBotRound(core, config, questions, round(1, true)),
      'as in production, throttled',
    );
    printBotRound(
      `bot replies (${users} users)`,
      await benchBotRound(core, config, questions, round(1, false)),
      'throttler off; target p50 < 150 ms',
    );
    printBotRound(
      `bot replies (${users}×3)`,
      await benchBotRound(core, config, questions, round(3, false)),
      'throttler off, 3 questions each',
    );
    console.log(
      `bot latency            throttler off: the bot's own latency, which the target is for; throttled: Telegram's rate limits as the throttler keeps them (30 messages/s overall, 1 message/s per chat; "typing" skips the queue)`,
    );
  } finally {
    await core.close();
  }
}

function printBotRound(label: string, result: BotRoundResult, note: string): void {
  const counts = `${result.answered}/${result.asked} answered, ${result.lost} lost, ${result.duplicated} duplicated${result.other ? `, ${result.other} other messages` : ''}${result.gaveUp ? ', gave up waiting' : ''}`;
  console.log(
    `${label.padEnd(23)}${result.repliesPerSecond.toFixed(1)} replies/s, p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms; ${counts} (${note})`,
  );
  if (result.lost || result.duplicated) for (const line of result.logs) console.error(`  bot: ${line}`);
}
