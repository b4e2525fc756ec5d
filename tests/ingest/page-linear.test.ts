import { describe, it, expect, vi } from 'vitest';
import { parsePage } from '../../src/ingest/page.js';

// Parsing reads each line a fixed number of times: the characters width-folded (the parser's
// first step on any text it looks at) grow with the page, not with its square.
const folded = vi.hoisted(() => ({ chars: 0 }));
vi.mock('../../src/text/normalize.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/text/normalize.js')>();
  return {
    ...actual,
    foldWidth: (text: string) => {
      folded.chars += text.length;
      return actual.foldWidth(text);
    },
  };
});

/** A stock table as printed daily: rows with no sentence punctuation, so every row looks like a title. */
const table = (rows: number, between = '\n') =>
  Array.from({ length: rows }, (_, i) => `股票${i}  代码${6000 + i}  收盘 12.34  涨跌 +0.5`).join(between);

function charsFolded(source: string): number {
  folded.chars = 0;
  parsePage('page.txt', source);
  return folded.chars;
}

describe('parsePage on long pages', () => {
  it.each([
    ['a table', (rows: number) => table(rows)],
    ['a table with blank lines between rows', (rows: number) => table(rows, '\n\n')],
  ])('does work in proportion to the length of %s', (_, page) => {
    const small = charsFolded(page(500));
    const large = charsFolded(page(2000));
    expect(large).toBeLessThan(small * 4.5);
  });

  it('reads a 3,000-row table into one article with every row, in order', () => {
    const source = table(3000);
    const articles = parsePage('table.txt', source);
    expect(articles).toHaveLength(1);
    expect(articles[0].body.replace(/\n/g, '')).toBe(source.replace(/\n/g, ''));
  });

  it('reads 3,000 dated items, each with its broken-off line, as 3,000 articles', () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) =>
        `本报讯 股票${i} 代码${6000 + i}\n收盘 12.34 涨跌 +0.5 成交 ${i} 手 换手 0.5 收盘 12.34 涨跌 +0.5 成交 ${i} 手`,
    );
    const articles = parsePage('list.txt', rows.join('\n'));
    expect(articles).toHaveLength(3000);
    expect(articles.every((a) => a.dateline === '本报讯')).toBe(true);
  });
});
