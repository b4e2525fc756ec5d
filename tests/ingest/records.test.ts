import { describe, expect, it } from 'vitest';
import { readPage } from '../../src/ingest/articles.js';
import type { UserError } from '../../src/domain/types.js';

const CSV = [
  'title,date,page,section,author,url,body',
  '即墨古城灯会开幕,2024-02-10,3,要闻,记者 王林,https://epaper.example.com/a/1,"即墨古城灯会今晚开幕，展出花灯300组。',
  '灯会持续到元宵节。"',
  '"胶州湾隧道 ""二期"" 通车",2024-06-30,A05,城事,,https://epaper.example.com/a/2,胶州湾第二隧道今日通车，全长16公里。',
].join('\n');

const JSONL = [
  JSON.stringify({
    title: '崂山茶开采',
    date: '2024-04-20',
    page: '2',
    url: 'https://epaper.example.com/b/1',
    body: '崂山春茶今日开采，产量预计增加一成。',
  }),
  '{not json',
  JSON.stringify({ title: '无正文', date: '2024-04-21' }),
  JSON.stringify({
    title: '西海岸新区马拉松',
    date: '2024-04-22',
    url: 'javascript:alert(1)',
    body: '马拉松吸引两万人参赛。\n赛道沿海岸线铺开。',
  }),
].join('\n');

describe('CMS exports', () => {
  it('reads a CSV export as one article per record, each with its own date, page and link', () => {
    const { articles, articleSources } = readPage('export.csv', CSV);
    expect(articles.map((a) => a.headline)).toEqual(['即墨古城灯会开幕', '胶州湾隧道 "二期" 通车']);
    expect(articles[0].body).toBe('即墨古城灯会今晚开幕，展出花灯300组。\n灯会持续到元宵节。');
    expect(articles[0].byline).toBe('记者 王林');
    expect(articleSources).toEqual([
      { published: '2024-02-10', page: '第3版 要闻', url: 'https://epaper.example.com/a/1' },
      { published: '2024-06-30', page: 'A05 城事', url: 'https://epaper.example.com/a/2' },
    ]);
    expect(articles[1].bodyOffsets[0]).toBeGreaterThan(articles[0].bodyOffsets.at(-1)!);
  });

  it('reads JSON Lines, leaving out lines that are not objects and records without a body, saying so', () => {
    const { articles, articleSources, warnings } = readPage('export.jsonl', JSONL);
    expect(articles.map((a) => [a.index, a.headline, a.date])).toEqual([
      [0, '崂山茶开采', '2024-04-20'],
      [1, '西海岸新区马拉松', '2024-04-22'],
    ]);
    expect(articles[1].body).toBe('马拉松吸引两万人参赛。\n赛道沿海岸线铺开。');
    expect(articleSources).toEqual([
      { published: '2024-04-20', page: '第2版', url: 'https://epaper.example.com/b/1' },
      { published: '2024-04-22' },
    ]);
    expect(warnings).toEqual(['line 2 is not a JSON object: left out', 'record on line 3 has no body: left out']);
  });

  it('refuses an export with no record that has a body, or a CSV it cannot read, with message codes', () => {
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as UserError).code;
      }
      return null;
    };
    expect(code(() => readPage('empty.jsonl', '{"title":"a"}\n'))).toBe('records-no-body');
    expect(code(() => readPage('bad.csv', 'title,body\n"unclosed,x\n'))).toBe('records-unreadable');
  });

  it('reads a large export in linear time', () => {
    const lines = Array.from({ length: 10_000 }, (_, n) =>
      JSON.stringify({ title: `消息${n}`, date: '2024-01-01', body: `第${n}条消息的正文。` }),
    );
    const started = performance.now();
    expect(readPage('big.jsonl', lines.join('\n')).articles).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
