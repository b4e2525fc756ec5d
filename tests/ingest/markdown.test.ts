import { describe, expect, it } from 'vitest';
import { readPage } from '../../src/ingest/articles.js';

const PAGE = [
  '---',
  'paper: 青岛日报',
  'date: 2024-05-06',
  'page: A03',
  '---',
  '',
  '# 青岛地铁6号线开通',
  '',
  '青岛地铁6号线今天开通运营，全长30.8公里，设站21座。',
  '',
  '### 沿线变化',
  '沿线市民出行更加方便。',
  '## 崂山春茶开采 ##',
  '崂山春茶今日开采，今年茶园面积达到2.7万亩。',
  '',
  '```',
  '# 这不是标题',
  '```',
  '',
  '# 西海岸马拉松开跑',
  '',
  '> 西海岸马拉松吸引23000名选手参赛。',
  '',
].join('\n');

describe('Markdown pages', () => {
  it('reads one article per # or ## heading, with the front matter for all of them', () => {
    const { articles, source } = readPage('notes.md', PAGE);
    expect(source).toMatchObject({ paper: '青岛日报', published: '2024-05-06', page: 'A03', inferred: false });
    expect(articles.map((a) => a.headline)).toEqual(['青岛地铁6号线开通', '崂山春茶开采', '西海岸马拉松开跑']);
    expect(articles.map((a) => a.index)).toEqual([0, 1, 2]);
    // A deeper heading is a section of its article; a fenced `#` is code.
    expect(articles[0].body).toBe(
      '青岛地铁6号线今天开通运营，全长30.8公里，设站21座。\n沿线变化\n沿线市民出行更加方便。',
    );
    expect(articles[1].body).toBe('崂山春茶今日开采，今年茶园面积达到2.7万亩。\n# 这不是标题');
    expect(articles[2].body).toBe('西海岸马拉松吸引23000名选手参赛。');
  });

  it('keeps every body character at its place in the source', () => {
    for (const article of readPage('notes.md', PAGE).articles) {
      [...article.body].forEach((ch, k) => {
        if (article.bodyOffsets[k] >= 0) expect(PAGE[article.bodyOffsets[k]]).toBe(ch);
      });
    }
  });

  it('reads text before the first heading as an article, and a heading with nothing under it as none', () => {
    const page =
      '2024年青岛港货物吞吐量稳步增长。全年完成7亿吨。\n\n# 青岛日报 5月6日\n\n# 崂山春茶开采\n\n崂山春茶今日开采。\n';
    const { articles } = readPage('p.md', page);
    expect(articles.map((a) => a.headline)).toEqual(['2024年青岛港货物吞吐量稳步增长', '崂山春茶开采']);
  });

  it('reads a .md page without such headings as any page of text, and a .txt page with them as before', () => {
    const blocks =
      '战国无双3\n\n《战国无双3》是光荣开发的游戏。本作以三大故事为主轴。\n\n\n大莱龙铁路\n\n大莱龙铁路全长175公里，于2006年通车。\n';
    expect(readPage('p.md', blocks).articles.map((a) => a.headline)).toEqual(['战国无双3', '大莱龙铁路']);
    expect(readPage('p.txt', PAGE).articles[0].headline).not.toBe('青岛地铁6号线开通');
  });

  it('reads a long page in time linear in its size', () => {
    const article = (n: number) => `## 第${n}篇\n\n第${n}篇的正文没有句末标点 数字${n}\n表格行 ${n} | ${n * 2}\n`;
    // The fastest of a few runs: the machine's other work only ever slows one down.
    const time = (count: number) => {
      const page = Array.from({ length: count }, (_, n) => article(n)).join('\n');
      const runs = [0, 1, 2].map(() => {
        const started = performance.now();
        expect(readPage('long.md', page).articles).toHaveLength(count);
        return performance.now() - started;
      });
      return Math.min(...runs);
    };
    // 40,000 lines: a reader that went back over the lines before each heading would take minutes.
    expect(time(10_000)).toBeLessThan(3_000);
  });
});
