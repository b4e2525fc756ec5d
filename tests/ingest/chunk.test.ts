import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { parsePage } from '../../src/ingest/page.js';
import { chunkArticle, DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_CHARS } from '../../src/ingest/chunk.js';
import { splitSentences } from '../../src/text/sentences.js';
import type { Article, Chunk } from '../../src/domain/types.js';

const SEEDS = path.resolve(__dirname, '../../seeds');
const FILES = readdirSync(SEEDS)
  .filter((file) => file.endsWith('.txt'))
  .sort();
const sources = new Map(FILES.map((file) => [file, readFileSync(path.join(SEEDS, file), 'utf8')]));
const articles = FILES.flatMap((file) => parsePage(file, sources.get(file)!));
const chunked = articles.map((article) => ({ article, chunks: chunkArticle(article) }));
const allChunks = chunked.flatMap(({ chunks }) => chunks);

const squeeze = (text: string) => text.replace(/\s/g, '');

function article(body: string, file = 'x.txt'): Article {
  const offsets = [...body].map((_, i) => i);
  return {
    file,
    index: 0,
    headline: 'h',
    kicker: null,
    subheadlines: [],
    byline: null,
    dateline: null,
    date: null,
    continued: false,
    body,
    bodyOffsets: offsets,
  };
}

describe('splitSentences', () => {
  it('gives back its input exactly', () => {
    for (const { article: a } of chunked) expect(splitSentences(a.body).join('')).toBe(a.body);
    expect(splitSentences('')).toEqual([]);
  });

  it('splits after Chinese and ASCII sentence ends, keeping closing quotes and spaces', () => {
    expect(splitSentences('他说:“好的。”然后走了!真的吗? Yes. 结束;再来')).toEqual([
      '他说:“好的。”',
      '然后走了!',
      '真的吗? ',
      'Yes. ',
      '结束;',
      '再来',
    ]);
    expect(splitSentences('标题\n正文。\n')).toEqual(['标题\n', '正文。\n']);
    expect(splitSentences('发展特色……探索')).toEqual(['发展特色……', '探索']);
  });

  it('does not split decimals or version numbers', () => {
    expect(splitSentences('帮销50.1亿元,亩产达8582.6斤。星图低空云V1.0版本。')).toEqual([
      '帮销50.1亿元,亩产达8582.6斤。',
      '星图低空云V1.0版本。',
    ]);
  });
});

describe('chunkArticle on the seed pages', () => {
  it('makes chunks of bounded size', () => {
    expect(allChunks.length).toBeGreaterThan(100);
    for (const chunk of allChunks) {
      expect(chunk.text.length).toBeGreaterThan(0);
      expect(chunk.text.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
      expect(chunk.text).toBe(chunk.text.trim());
    }
  });

  it('maps every chunk back to its place in the source', () => {
    for (const { article: a, chunks } of chunked) {
      const source = sources.get(a.file)!;
      for (const chunk of chunks) {
        const at = a.body.indexOf(chunk.text);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(chunk.start).toBe(a.bodyOffsets[at]);
        expect(chunk.end).toBe(a.bodyOffsets[at + chunk.text.length - 1] + 1);
        const inSource = squeeze(source.slice(chunk.start, chunk.end));
        for (const sentence of splitSentences(chunk.text)) expect(inSource).toContain(squeeze(sentence).slice(0, 10));
      }
    }
  });

  it('points a chunk that does not cross a column break at exactly its text', () => {
    const help = chunked.find(({ article: a }) => a.headline === '青岛加快建设消费帮扶重点城市')!;
    const source = sources.get(help.article.file)!;
    const chunk = help.chunks.find((c) => c.text.includes('马铃薯平均亩产达8582.6斤'))!;
    expect(squeeze(source.slice(chunk.start, chunk.end))).toBe(squeeze(chunk.text));
  });

  it('covers every sentence of every article', () => {
    for (const { article: a, chunks } of chunked) {
      const text = chunks.map((c) => c.text).join('\n');
      for (const sentence of splitSentences(a.body)) expect(text).toContain(sentence.trim());
    }
  });

  it('never splits inside a sentence or a decimal', () => {
    for (const { article: a, chunks } of chunked) {
      const sentences = new Set(splitSentences(a.body).map((s) => s.trim()));
      for (const chunk of chunks)
        for (const sentence of splitSentences(chunk.text)) expect(sentences.has(sentence.trim())).toBe(true);
    }
    const decimals = allChunks.filter((c) => c.text.includes('50.1亿元'));
    expect(decimals.length).toBeGreaterThan(0);
  });

  it('overlaps consecutive chunks by a short sentence', () => {
    let pairs = 0;
    let overlapping = 0;
    for (const { chunks } of chunked) {
      for (let i = 1; i < chunks.length; i++) {
        pairs++;
        const previous = splitSentences(chunks[i - 1].text).map((s) => s.trim());
        const shared = previous.at(-1)!;
        if (chunks[i].text.startsWith(shared)) {
          overlapping++;
          expect(shared.length).toBeLessThanOrEqual(DEFAULT_OVERLAP_CHARS);
        }
        expect(chunks[i].start).toBeGreaterThan(chunks[i - 1].start);
      }
    }
    expect(overlapping).toBeGreaterThan(pairs / 3);
  });

  it('gives chunks short unique ids and the article headline and date', () => {
    const ids = allChunks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { article: a, chunks } of chunked) {
      chunks.forEach((chunk: Chunk, i) => {
        expect(Buffer.byteLength(chunk.id)).toBeLessThanOrEqual(50);
        expect(chunk).toMatchObject({
          id: expect.stringMatching(/^[0-9a-f]{16}$/),
          file: a.file,
          articleIndex: a.index,
          chunkIndex: i,
          headline: a.headline,
          date: a.date,
        });
      });
    }
  });
});

describe('chunkArticle on unusual articles', () => {
  it('returns nothing for an empty body', () => {
    expect(chunkArticle(article(''))).toEqual([]);
  });

  it('cuts a sentence longer than a chunk at clauses, then anywhere', () => {
    const clauses = `${Array.from({ length: 40 }, (_, i) => `第${i}个分句说了一些事情`).join(',')}。`;
    const chunks = chunkArticle(article(clauses), { maxChars: 100, overlapChars: 20 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(100);
    expect(chunks.map((c) => c.text).join('')).toContain(clauses.slice(0, 100).slice(0, 50));
    const huge = '青'.repeat(1000);
    const pieces = chunkArticle(article(huge), { maxChars: 300 });
    expect(pieces.map((c) => c.text).join('')).toBe(huge);
    expect(pieces.map((c) => [c.start, c.end])).toEqual([
      [0, 300],
      [300, 600],
      [600, 900],
      [900, 1000],
    ]);
  });

  it('ends a chunk at a paragraph break once it is half full', () => {
    const first = `${'甲'.repeat(180)}。`;
    const chunks = chunkArticle(article(`${first}\n${'乙'.repeat(50)}。`), { maxChars: 300 });
    expect(chunks.map((c) => c.text)).toEqual([first, `${'乙'.repeat(50)}。`]);
  });
});
