import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { titledBlocks } from '../../src/ingest/blocks.js';
import { readPage } from '../../src/ingest/articles.js';
import { parsePage } from '../../src/ingest/page.js';

const SEEDS = path.resolve(__dirname, '../../seeds');

const PAGE = [
  '---',
  'paper: 维基百科',
  '---',
  '',
  '战国无双3',
  '',
  '《战国无双3》是由光荣和ω-force开发的战国无双系列的正统第三续作。本作以三大故事为主轴。',
  '',
  '',
  '大莱龙铁路',
  '',
  '大莱龙铁路位于山东省北部环渤海地区，西起位于益羊铁路的潍坊大家洼车站。',
  '铁路全长175公里，于2006年通车。',
  '',
  '',
  '尤金袋鼠',
  '',
  '尤金袋鼠是袋鼠科中细小的成员。',
  '',
].join('\n');

describe('titled blocks', () => {
  it('splits a page of title, blank line and paragraphs into one article per title', () => {
    const { articles, source } = readPage('p001.txt', PAGE);
    expect(source.paper).toBe('维基百科');
    expect(articles.map((a) => a.headline)).toEqual(['战国无双3', '大莱龙铁路', '尤金袋鼠']);
    expect(articles[1].body).toBe(
      '大莱龙铁路位于山东省北部环渤海地区，西起位于益羊铁路的潍坊大家洼车站。\n铁路全长175公里，于2006年通车。',
    );
  });

  it('keeps every body character at its place in the source', () => {
    for (const article of readPage('p001.txt', PAGE).articles) {
      [...article.body].forEach((ch, k) => {
        if (article.bodyOffsets[k] >= 0) expect(PAGE[article.bodyOffsets[k]]).toBe(ch);
      });
    }
  });

  it('gives an untitled block among titled ones a headline from its first sentence', () => {
    const page = `${PAGE}\n\n泡泡战士\n\n基于《跑跑卡丁车》与《泡泡堂》开发的游戏。\n\n\n2019年5月1日，新规正式施行。全文共十章。\n`;
    const { articles } = readPage('p.txt', page);
    expect(articles).toHaveLength(5);
    expect(articles[4].headline).toBe('2019年5月1日，新规正式施行');
    expect(articles[4].body).toBe('2019年5月1日，新规正式施行。全文共十章。');
  });

  it('leaves a page with bylines or datelines to the layout parser', () => {
    expect(titledBlocks('p.txt', PAGE.replace('铁路全长', '□记者 王林 报道\n\n铁路全长'))).toBeNull();
    expect(titledBlocks('p.txt', PAGE.replace('铁路全长', '本报青岛讯 铁路全长'))).toBeNull();
  });

  it('leaves a page of one article, or of untitled blocks, to the layout parser', () => {
    expect(titledBlocks('p.txt', '标题\n\n第一段。\n\n第二段。\n')).toBeNull();
    expect(titledBlocks('p.txt', '第一段。\n\n\n第二段。\n\n\n第三段。\n')).toBeNull();
  });

  it('reads the five seed pages as before: none of them is titled blocks', () => {
    for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(path.join(SEEDS, file), 'utf8');
      expect(titledBlocks(file, text)).toBeNull();
      expect(readPage(file, text).articles).toEqual(parsePage(file, text));
    }
  });

  it('reads a page of many thousands of blocks in linear time', () => {
    const block = (n: number) => `第${n}条消息的标题\n\n第${n}条消息的正文，说明了发生的事情。\n\n\n`;
    const page = Array.from({ length: 10_000 }, (_, n) => block(n)).join('');
    const started = performance.now();
    expect(titledBlocks('big.txt', page)).toHaveLength(10_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
