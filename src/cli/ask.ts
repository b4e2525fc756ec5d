import { createInterface } from 'node:readline';
import { loadConfig } from '../app/config.js';
import { createCore } from '../app/core.js';
import type { Answer } from '../domain/types.js';
import type { Core, Timeline } from '../domain/ports.js';
import { messages } from '../domain/messages.js';
import { publishedLabel } from '../domain/source.js';
import { parseArgs, runCli } from './args.js';
import { dayOf, stdinQuestion } from './asked-on.js';
import { errorText } from './errors.js';

/** The `--json` shape: one object per question. */
function answerJson(answer: Answer) {
  return {
    question: answer.question,
    answer: answer.text,
    mode: answer.mode,
    refused: answer.refused,
    citations: answer.citations.map(({ n, file, headline, date, text }) => ({ n, file, headline, date, text })),
    retrieved: answer.retrieved.map(({ file, headline, text, score }) => ({ file, headline, text, score })),
  };
}

function printText(answer: Answer): void {
  console.log(answer.text);
  if (answer.citations.length) console.log('');
  for (const citation of answer.citations) {
    console.log(`[${citation.n}] ${citation.headline}${citation.date ? ` (${citation.date})` : ''} — ${citation.file}`);
  }
}

/** One line per report, oldest first: `[n] date · headline — sentence`, where its passage is from below. */
function printTimeline({ topic, entries, language }: Timeline): void {
  for (const { published, sentence, citation } of entries) {
    const date =
      publishedLabel(published, language) ?? citation.date ?? messages().format(language, 'timeline-undated');
    console.log(`[${citation.n}] ${date} · ${citation.headline} — ${sentence}`);
  }
  if (!entries.length) console.log(messages().format(language, 'timeline-none', { topic }));
  else console.log(`\n${entries.map(({ citation }) => `[${citation.n}] ${citation.file}`).join('\n')}`);
}

function timelineJson({ topic, entries }: Timeline) {
  return {
    topic,
    entries: entries.map(({ published, sentence, citation: { n, file, headline, date } }) => ({
      ...{ n, published, date, headline, sentence, file },
    })),
  };
}

async function askStdin(core: Core, askedOn?: Date): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      const asked = stdinQuestion(line, askedOn);
      console.log(JSON.stringify(answerJson(await core.ask(asked.question, { askedOn: asked.askedOn }))));
    } catch (error) {
      // One line out per question in, so that answers stay aligned with their questions.
      const message = errorText(error);
      console.log(JSON.stringify({ question: line, error: message }));
      console.error(`error: ${message} (question: ${line.slice(0, 80)})`);
      process.exitCode = 1;
    }
  }
}

/**
 * `npm run ask -- "question" [--json] [--as-of YYYY-MM-DD]` or `npm run ask -- --stdin`: one JSON
 * line per non-blank input line, `{"question","error"}` for a question that cannot be asked;
 * `npm run ask -- --timeline "话题"`: the reports on a topic in date order.
 */
await runCli(async () => {
  const { flags, positionals } = parseArgs(process.argv.slice(2), ['as-of']);
  const asOf = flags.get('as-of');
  const askedOn = typeof asOf === 'string' ? dayOf(asOf, '--as-of') : undefined;
  const question = positionals.join(' ');
  if (!flags.has('stdin') && !question.trim())
    throw new Error(
      'usage: npm run ask -- "question" [--json] [--as-of YYYY-MM-DD] | npm run ask -- --stdin | npm run ask -- --timeline "topic"',
    );
  const core = await createCore(loadConfig());
  try {
    if (flags.has('stdin')) return await askStdin(core, askedOn);
    if (flags.has('timeline')) {
      const timeline = await core.timeline(question, { askedOn });
      if (flags.has('json')) console.log(JSON.stringify(timelineJson(timeline)));
      else printTimeline(timeline);
      return;
    }
    const answer = await core.ask(question, { askedOn });
    if (flags.has('json')) console.log(JSON.stringify(answerJson(answer)));
    else printText(answer);
  } finally {
    await core.close();
  }
});
