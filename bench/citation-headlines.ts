/**
 * `tsx bench/citation-headlines.ts --qa FILE` (with SEEDS_DIR set to the set's pages): the share
 * of citations whose headline is the article the cited passage belongs to, on pages laid out as
 * titled blocks (a headline line, a blank line, the item; two blank lines between articles), as
 * the public tuning sets are. The page's own layout is the truth, not the parser's reading of it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/app/config.js';
import { createCore } from '../src/app/core.js';
import { parseArgs, runCli } from '../src/cli/args.js';
import { parseQuestionSet } from '../src/eval/metrics.js';

/** The page's articles as laid out, each with its title line and where it starts in the page. */
function blocks(text: string): Array<{ title: string; start: number }> {
  const found: Array<{ title: string; start: number }> = [];
  const front = /^---\n[\s\S]*?\n---\n/.exec(text)?.[0].length ?? 0;
  let offset = 0;
  let blanks = 2;
  for (const line of text.split('\n')) {
    if (offset >= front && line.trim() && blanks >= 2) found.push({ title: line.trim(), start: offset });
    blanks = line.trim() && offset >= front ? 0 : blanks + 1;
    offset += line.length + 1;
  }
  return found;
}

await runCli(async () => {
  const { flags } = parseArgs(process.argv.slice(2), ['qa']);
  const file = flags.get('qa');
  if (typeof file !== 'string') throw new Error('usage: tsx bench/citation-headlines.ts --qa FILE');
  const config = loadConfig();
  const core = await createCore(config);
  const pages = new Map<string, ReturnType<typeof blocks>>();
  const pageBlocks = (name: string) => {
    if (!pages.has(name)) pages.set(name, blocks(readFileSync(path.join(config.seedsDir, name), 'utf8')));
    return pages.get(name)!;
  };
  let citations = 0;
  let own = 0;
  let titleQuoted = 0;
  const wrong: string[] = [];
  try {
    for (const question of parseQuestionSet(readFileSync(file, 'utf8'))) {
      const answer = await core.ask(question.question).catch(() => null);
      for (const citation of answer?.citations ?? []) {
        citations++;
        const home = pageBlocks(citation.file)
          .filter((block) => block.start <= citation.start)
          .at(-1);
        if (home?.title === citation.headline) own++;
        else if (wrong.length < 10)
          wrong.push(`${question.id}: "${citation.headline}" for a passage of "${home?.title}"`);
        if (pageBlocks(citation.file).some((block) => block.title === citation.text.trim())) titleQuoted++;
      }
    }
  } finally {
    await core.close();
  }
  console.log(`citations ${citations}; naming their own article ${((own / Math.max(1, citations)) * 100).toFixed(1)}%`);
  console.log(`citations quoting a bare title line: ${titleQuoted}`);
  for (const line of wrong) console.log(`  ${line}`);
});
