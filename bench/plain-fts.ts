import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { parseArgs, runCli } from '../src/cli/args.js';
import { searchTokens } from '../src/text/segment.js';
import { STOPWORDS } from '../src/text/stopwords.js';
import { comparable } from '../src/text/normalize.js';

/**
 * The baseline the dated archive's retrieval is judged against (issue 17): plain LanceDB full-text
 * search over one row per item, with no time handling, no parts and no postprocessors. Items are
 * the pages' articles as the public sets lay them out (separated by two blank lines); a question
 * is found when every one of its evidence items is among the top k rows.
 *
 *   npx tsx bench/plain-fts.ts --pages DIR --qa FILE [--k 5]
 */
interface Question {
  id: string;
  question: string;
  evidence: string[];
  temporal_type?: string;
}

async function readItems(dir: string): Promise<Array<{ text: string; tokens: string }>> {
  const items: Array<{ text: string; tokens: string }> = [];
  for (const file of (await readdir(dir)).sort()) {
    const page = await readFile(path.join(dir, file), 'utf8');
    for (const text of page.split(/\n\s*\n\s*\n/).map((item) => item.trim())) {
      if (text) items.push({ text, tokens: searchTokens(text).join(' ') });
    }
  }
  return items;
}

/** Found share per group: all, one or several items cited, and the question's temporal type. */
function report(found: Map<Question, boolean>, k: number): void {
  const groups = new Map<string, { n: number; found: number }>();
  for (const [question, hit] of found) {
    const docs = question.evidence.length > 1 ? 'docs multiple' : 'docs single';
    for (const key of ['all', docs, `temporal ${question.temporal_type ?? '-'}`]) {
      const group = groups.get(key) ?? { n: 0, found: 0 };
      groups.set(key, { n: group.n + 1, found: group.found + (hit ? 1 : 0) });
    }
  }
  console.log(`| plain full-text search | questions | recall@${k} |\n|---|---|---|`);
  for (const [key, { n, found: hits }] of groups) console.log(`| ${key} | ${n} | ${(hits / n).toFixed(3)} |`);
}

await runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ['pages', 'qa', 'k']);
  const pages = flags.get('pages');
  const qa = flags.get('qa');
  if (typeof pages !== 'string' || typeof qa !== 'string')
    throw new Error('usage: npx tsx bench/plain-fts.ts --pages DIR --qa FILE [--k 5]');
  const k = Number(flags.get('k') ?? 5);
  const questions: Question[] = (await readFile(qa, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
  const dir = await mkdtemp(path.join(tmpdir(), 'plain-fts-'));
  try {
    const db = await lancedb.connect(dir);
    const table = await db.createTable('items', await readItems(pages));
    await table.createIndex('tokens', { config: lancedb.Index.fts({ baseTokenizer: 'whitespace' }) });
    const found = new Map<Question, boolean>();
    for (const question of questions) {
      const words = [...new Set(searchTokens(question.question).filter((word) => !STOPWORDS.has(word)))];
      const rows = await table
        .query()
        .fullTextSearch(words.join(' '), { columns: ['tokens'] })
        .select(['text', '_score'])
        .limit(k)
        .toArray();
      const top = rows.map((row) => comparable(String(row.text)));
      found.set(
        question,
        question.evidence.every((item) => top.some((text) => text.includes(comparable(item)))),
      );
    }
    report(found, k);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
