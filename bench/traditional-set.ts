import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as OpenCC from 'opencc-js';

/**
 * Traditional-character tuning sets from a simplified one (pages/ and qa.jsonl): the pages and
 * the questions converted with OpenCC's Taiwan dictionaries, in the four pairings a newsroom
 * meets. `must_contain` stays simplified, as the judge reads answers in simplified; `evidence`
 * is in the pages' script, as recall looks for it in the passages as printed.
 *
 *   npx tsx bench/traditional-set.ts <set dir> <out dir>
 */
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

type Line = Record<string, unknown> & { question: string; evidence: string | string[] | null };

const convert = (value: string | string[] | null) =>
  value === null ? null : Array.isArray(value) ? value.map(toTraditional) : toTraditional(value);

function pairing(line: Line, pages: 'simplified' | 'traditional', questions: 'simplified' | 'traditional'): Line {
  return {
    ...line,
    question: questions === 'traditional' ? toTraditional(line.question) : line.question,
    evidence: pages === 'traditional' ? convert(line.evidence) : line.evidence,
  };
}

const [setDir, outDir] = process.argv.slice(2);
if (!setDir || !outDir) throw new Error('usage: npx tsx bench/traditional-set.ts <set dir> <out dir>');
const pagesIn = path.join(setDir, 'pages');
const pagesOut = path.join(outDir, 'pages-traditional');
await mkdir(pagesOut, { recursive: true });
for (const name of await readdir(pagesIn)) {
  await writeFile(path.join(pagesOut, name), toTraditional(await readFile(path.join(pagesIn, name), 'utf8')));
}
const lines = (await readFile(path.join(setDir, 'qa.jsonl'), 'utf8'))
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Line);
const write = (name: string, rows: Line[]) =>
  writeFile(path.join(outDir, name), `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
await write(
  'trad-pages-trad-questions.jsonl',
  lines.map((line) => pairing(line, 'traditional', 'traditional')),
);
await write(
  'trad-pages-simp-questions.jsonl',
  lines.map((line) => pairing(line, 'traditional', 'simplified')),
);
await write(
  'simp-pages-trad-questions.jsonl',
  lines.map((line) => pairing(line, 'simplified', 'traditional')),
);
console.log(`${lines.length} questions; traditional pages in ${pagesOut}`);
