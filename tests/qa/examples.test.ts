import { describe, expect, it } from 'vitest';
import type { PageSource } from '../../src/domain/types.js';
import { exampleQuestions, type ArticleOpening } from '../../src/qa/examples.js';
import { newestArticles } from '../../src/qa/newest-articles.js';
import { passage } from './support/fakes.js';

const article = (text: string, published: string | null = '2025-02-27'): ArticleOpening => ({
  headline: 'headline',
  published,
  text,
});

const on = (day: string) => new Date(`${day}T12:00:00Z`);

describe('example questions', () => {
  it('asks for a figure a report gives, with the time its sentence opens with', () => {
    const opening = article('拓展消费帮扶新模式\n2024年,青岛市累计帮销中西部地区农特产品50.1亿元,助力打造商标10个。');
    expect(exampleQuestions([opening], on('2026-12-05'))).toEqual(['2024年青岛市累计帮销中西部地区农特产品多少亿元？']);
  });

  it('keeps what the figure counts and leaves out where it comes from', () => {
    const opening = article('据统计,目前,青岛共有20余家规模以上泡菜加工企业,预计将出口泡菜30万吨。');
    expect(exampleQuestions([opening], on('2025-03-01'))).toEqual(['青岛共有多少家规模以上泡菜加工企业？']);
  });

  it('says 去年 and 今年 only when they are true on the day the example is shown', () => {
    const opening = article('去年,青岛规划备案重点网络微短剧62部。');
    expect(exampleQuestions([opening], on('2025-06-01'))).toEqual(['去年青岛规划备案重点网络微短剧多少部？']);
    // Asked in 2026, "去年" would be 2025, not the 2024 the report means.
    expect(exampleQuestions([opening], on('2026-06-01'))).toEqual([]);
    expect(exampleQuestions([article('去年,青岛备案微短剧62部。', null)], on('2025-06-01'))).toEqual([]);
  });

  it('passes over clauses that lean on another sentence or stop mid-phrase', () => {
    const opening = article(
      [
        '其中,青岛共有20余家企业。',
        '揭牌成立创新中心,入驻新质生产力企业5家。',
        '单笔业务办理时间从30分钟优化至5分钟。',
        '青岛已累计培育国家级工业互联网平台12家。',
      ].join(''),
    );
    expect(exampleQuestions([opening], on('2025-03-01'))).toEqual(['青岛已累计培育国家级工业互联网平台多少家？']);
  });

  it('writes one question an article, newest first, up to the count', () => {
    const articles = ['青岛新建公园12个。', '青岛新开公交线路8条。', '青岛新增停车位3000个。', '青岛种树5万株。'].map(
      (text) => article(text),
    );
    expect(exampleQuestions(articles, on('2025-03-01'))).toEqual([
      '青岛新建公园多少个？',
      '青岛新开公交线路多少条？',
      '青岛新增停车位多少个？',
    ]);
    expect(exampleQuestions([article('没有数字的报道。')], on('2025-03-01'))).toEqual([]);
  });
});

describe('newest articles', () => {
  const source = (published: string | null): PageSource => ({
    paper: null,
    published,
    inferred: false,
    page: null,
    url: null,
  });

  it('reads the openings of the newest pages published by the day, page by page in printed order', async () => {
    const sources = new Map([
      ['a.txt', source('2024-09-02')],
      ['b.txt', source('2025-02-27')],
      ['c.txt', source('--09-27')],
      ['d.txt', source('2026-01-01')],
    ]);
    const passages = [
      passage('b:1', { text: 'b1', headline: 'B1' }),
      passage('a:0', { text: 'a0', headline: 'A0' }),
      passage('b:0', { chunkIndex: 1, text: 'b0 second' }),
      passage('b:0', { text: 'b0 first', headline: 'B0' }),
      passage('b:0', { chunkIndex: 5, text: 'b0 far on' }),
      passage('d:0', { text: 'd0' }),
      passage('c:0', { text: 'c0' }),
    ];
    const shelf = {
      sources: async () => sources,
      passagesOf: async (files: string[]) => passages.filter((p) => files.includes(p.file)),
    };
    const articles = await newestArticles(shelf, on('2025-06-01'), 2);
    expect(articles).toEqual([
      { headline: 'B0', published: '2025-02-27', text: 'b0 first\nb0 second' },
      { headline: 'B1', published: '2025-02-27', text: 'b1' },
      { headline: 'A0', published: '2024-09-02', text: 'a0' },
    ]);
  });
});
