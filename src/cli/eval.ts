import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../app/config.js';
import { createCore } from '../app/core.js';
import { judge, parseQuestionSet, summarize, summarizeBy, unanswered, type QuestionResult } from '../eval/metrics.js';
import { parseArgs, runCli } from './args.js';
import { dayOf } from './asked-on.js';
import { errorText } from './errors.js';
import type { Answer } from '../domain/types.js';

const USAGE = 'usage: npm run eval -- --qa FILE [--k 5] [--context-k N] [--json] [--verbose]';

function wholeNumber(flags: Map<string, string | true>, name: string, fallback: number): number {
  const value = Number(flags.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number of at least 1, got ${flags.get(name)}`);
  return value;
}

/** `npm run eval -- --qa FILE …`: scores the bot on a question set, overall and per style and kind. */
await runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ['qa', 'k', 'context-k']);
  const file = flags.get('qa');
  if (typeof file !== 'string') throw new Error(USAGE);
  const k = wholeNumber(flags, 'k', 5);
  const questions = parseQuestionSet(readFileSync(file, 'utf8'));
  const config = loadConfig();
  const contextK = wholeNumber(flags, 'context-k', config.contextK);
  const core = await createCore({ ...config, topK: Math.max(config.topK, k), contextK });
  const pages = new Map<string, string>();
  const pageText = (name: string) => {
    if (!pages.has(name)) {
      const file = path.join(config.seedsDir, name);
      if (!existsSync(file)) console.error(`${name}, named in the question set, is not in ${config.seedsDir}`);
      pages.set(name, existsSync(file) ? readFileSync(file, 'utf8') : '');
    }
    return pages.get(name)!;
  };
  const results: QuestionResult[] = [];
  try {
    for (const question of questions) {
      const started = performance.now();
      const askedOn = question.asked_on ? dayOf(question.asked_on, `${question.id}: asked_on`) : undefined;
      const answer = await core.ask(question.question, { askedOn }).catch((error: unknown): Answer => {
        // A question the bot turns away is a miss, not the end of the run.
        console.error(`${question.id}: ${errorText(error)}`);
        return unanswered(question.question);
      });
      const result = judge(question, answer, k, performance.now() - started, pageText);
      results.push(result);
      if (flags.has('verbose')) {
        console.error(
          `${result.id} ${result.kind} found@${result.foundAt ?? '-'} hit=${result.answerHit} refused=${result.refused}\n  ${answer.text.replace(/\n/g, '\n  ')}`,
        );
      }
    }
  } finally {
    await core.close();
  }
  const summary = summarize(results, k);
  if (flags.has('json')) {
    console.log(JSON.stringify({ summary, results }));
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`questions ${summary.questions} (answerable ${summary.answerable})`);
  console.log(`recall@${k}          ${pct(summary.recallAtK)}`);
  console.log(`MRR                ${summary.mrr.toFixed(3)}`);
  console.log(`answer hit         ${pct(summary.answerHit)}`);
  console.log(`cited support      ${pct(summary.citedSupport)}`);
  console.log(`refusal accuracy   ${pct(summary.refusalAccuracy)} of unanswerable questions refused`);
  console.log(`false refusals     ${summary.falseRefusals} answerable questions refused (counted as answer misses)`);
  console.log(`latency p50/p95    ${summary.latencyMs.p50.toFixed(1)} / ${summary.latencyMs.p95.toFixed(1)} ms`);
  for (const [label, key] of [
    ['style', (r: QuestionResult) => r.style],
    ['kind', (r: QuestionResult) => r.kind],
  ] as const) {
    const groups = summarizeBy(results, k, key);
    if (!groups.size) continue;
    console.log(`\n| ${label} | questions | recall@${k} | answer hit | refusal accuracy | false refusals |`);
    console.log('|---|---|---|---|---|---|');
    for (const [value, group] of groups) {
      const answerable = group.answerable ? pct(group.recallAtK) : '–';
      const hit = group.answerable ? pct(group.answerHit) : '–';
      const refusals = group.questions > group.answerable ? pct(group.refusalAccuracy) : '–';
      const falseRefusals = group.answerable ? pct(group.falseRefusalRate) : '–';
      console.log(`| ${value} | ${group.questions} | ${answerable} | ${hit} | ${refusals} | ${falseRefusals} |`);
    }
  }
  const missed = results.filter((r) => (r.answerable && (!r.foundAt || !r.answerHit)) || (!r.answerable && !r.refused));
  if (missed.length)
    console.log(`missed: ${missed.map((r) => `${r.id}${r.foundAt ? '' : '(not retrieved)'}`).join(' ')}`);
});
