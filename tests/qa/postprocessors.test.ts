import { describe, expect, it, vi } from 'vitest';
import type { Passage } from '../../src/domain/types.js';
import { distinctSpans } from '../../src/qa/postprocessors/distinct.js';
import { interleaveParts } from '../../src/qa/postprocessors/interleave.js';
import { postprocess } from '../../src/qa/postprocessors/postprocessor.js';
import { rerank } from '../../src/qa/postprocessors/rerank.js';
import { pageSources } from '../../src/qa/postprocessors/sources.js';
import { timeWindow } from '../../src/qa/postprocessors/time-window.js';
import { queryOf } from '../../src/qa/query/query.js';
import { search } from '../../src/qa/search.js';
import type { RetrieveRequest, Retriever, SearchRequest } from '../../src/qa/retrievers/retriever.js';
import { everyWord, fakeIndex, passage } from './support/fakes.js';

const today = new Date('2025-06-01T00:00:00Z');
const request = (question = '青岛长护险累计支出多少护理保险资金？', depth = 5): SearchRequest => ({
  index: fakeIndex(),
  query: queryOf(question, everyWord, today),
  depth,
});
const ids = (lists: Passage[][]) => lists.map((list) => list.map((p) => p.id));

describe('postprocessors', () => {
  it('interleave: the parts take turns, rank by rank, and a passage found twice stands once', async () => {
    const lists = [[passage('a:0'), passage('b:0')], [passage('c:0'), passage('a:0'), passage('d:0')], []];
    expect(ids(await interleaveParts.process(lists, request()))).toEqual([['a:0', 'c:0', 'b:0', 'd:0']]);
  });

  it('interleave: the events a question compares take their turns before the whole question', async () => {
    const lists = [[passage('w:0'), passage('a:0')], [passage('a:0'), passage('a:1')], [passage('b:0')]];
    const compares = request('世界园艺博览会开幕和地铁8号线通车哪个事件更早发生？');
    expect(ids(await interleaveParts.process(lists, compares))).toEqual([['a:0', 'b:0', 'w:0', 'a:1']]);
  });

  it('distinct spans: skips a passage mostly inside one kept and a fourth of one article, keeps depth', async () => {
    const list = [
      passage('a:0', { start: 0, end: 100 }),
      passage('a:0b', { file: 'a.txt', articleIndex: 0, start: 40, end: 140 }),
      passage('a:0c', { file: 'a.txt', articleIndex: 0, start: 60, end: 160 }),
      passage('a:0d', { file: 'a.txt', articleIndex: 0, start: 200, end: 300 }),
      passage('a:0e', { file: 'a.txt', articleIndex: 0, start: 400, end: 500 }),
      passage('a:0f', { file: 'a.txt', articleIndex: 0, start: 600, end: 700 }),
      passage('b:0'),
      passage('c:0'),
    ];
    expect(ids(await distinctSpans().process([list], request('青岛？', 4)))).toEqual([['a:0', 'a:0c', 'a:0d', 'b:0']]);
    expect(ids(await distinctSpans(5).process([list], request('青岛？', 2)))).toHaveLength(1);
    expect((await distinctSpans(5).process([list], request('青岛？', 2)))[0]).toHaveLength(5);
  });

  it('distinct spans: a fourth passage of one article that continues a kept one widens it', async () => {
    const article = { file: 'a.txt', articleIndex: 0 };
    const list = [
      passage('a:0', { ...article, start: 0, end: 10, text: '第一句。第二句。' }),
      passage('a:1', { ...article, start: 20, end: 30, text: '第五句。' }),
      passage('a:2', { ...article, start: 40, end: 50, text: '第七句。' }),
      passage('a:3', { ...article, start: 6, end: 16, text: '第二句。第三句。' }),
      passage('a:4', { ...article, start: 32, end: 38, text: '第六句。' }),
      passage('b:0'),
    ];
    const [kept] = await distinctSpans().process([list], request('青岛？', 4));
    expect(kept.map((p) => [p.id, p.start, p.end, p.text])).toEqual([
      ['a:0', 0, 16, '第一句。第二句。第三句。'],
      ['a:1', 20, 38, '第五句。\n第六句。'],
      ['a:2', 40, 50, '第七句。'],
      ['b:0', 0, 100, expect.any(String)],
    ]);
  });

  it('time window: searches all dates again only when nothing is of the time asked about', async () => {
    const retrieve = vi.fn(async () => [[passage('any:0')]]);
    const widen = timeWindow({ retrieve } as Retriever);
    const asksTime = request('去年的报道里青岛卖了多少农产品？');
    expect(asksTime.query.time).not.toBeNull();
    expect(ids(await widen.process([[], []], asksTime))).toEqual([['any:0']]);
    expect(retrieve).toHaveBeenCalledWith({ ...asksTime, within: { from: '', to: '2025-06-02', undated: true } });
    retrieve.mockClear();
    expect(ids(await widen.process([[passage('old:0')]], asksTime))).toEqual([['old:0']]);
    expect(ids(await widen.process([[]], request()))).toEqual([[]]);
    expect(retrieve).not.toHaveBeenCalled();
  });

  it('time window: ranks first the passages of a time the question leans on, never searching after the day asked', async () => {
    const retrieve = vi.fn(async () => [[passage('d:0'), passage('e:0'), passage('b:0')]]);
    const lean = timeWindow({ retrieve } as Retriever);
    const source = (published: string, inferred: boolean) => ({
      paper: null,
      published,
      inferred,
      page: null,
      url: null,
    });
    // e.txt is dated only by a guess from its text: found only within the time, it is no report of it;
    // b.txt has no date: found within the time too, it keeps its place rather than rise above a:0.
    const sources = new Map([
      ['d.txt', source('2024-07-15', false)],
      ['e.txt', source('2024-07', true)],
    ]);
    const leans = {
      ...request('去年7月青岛卖了多少农产品？'),
      index: { ...fakeIndex(), sources: async () => sources },
    };
    expect(leans.query.time).toBeNull();
    const lists = [[passage('a:0'), passage('b:0'), passage('c:0')]];
    expect(ids(await lean.process(lists, leans))).toEqual([['d:0', 'a:0', 'b:0', 'c:0']]);
    expect(retrieve).toHaveBeenCalledWith({ ...leans, within: { from: '2024-07', to: '2024-09', undated: true } });
    retrieve.mockClear();
    expect(ids(await lean.process(lists, request('明年青岛卖多少农产品？')))).toEqual([['a:0', 'b:0', 'c:0']]);
    expect(retrieve).not.toHaveBeenCalled();
  });

  it('time window: the search within the time leaned on starts beside the retriever’s, not after it', async () => {
    const order: string[] = [];
    const retrieve = vi.fn(async ({ within }: RetrieveRequest) => {
      if (within?.from) {
        order.push(`searched from ${within.from}`);
        return [[passage('d:0')]];
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('all dates found');
      return [[passage('a:0')]];
    });
    const retriever = { retrieve } as Retriever;
    const found = await search(
      { retriever, postprocessors: [timeWindow(retriever)] },
      request('去年7月青岛卖了多少农产品？'),
    );
    expect(order).toEqual(['searched from 2024-07', 'all dates found']);
    expect(found.map((p) => p.id)).toEqual(['a:0']);
  });

  it('time window: a report that states the time leaned on ranks with those of it, whatever its page date', async () => {
    const retrieve = vi.fn(async () => [[passage('u:0', { text: '2024年7月，青岛农产品出口增长。' })]]);
    const lean = timeWindow({ retrieve } as Retriever);
    const leans = request('去年7月青岛卖了多少农产品？');
    const review = passage('r:0', { text: '2024年7月15日，青岛发布上半年数据。' });
    // A mention of the whole year is no statement of the month.
    const year = passage('y:0', { text: '2024年，青岛农产品卖得好。' });
    const lists = [[passage('a:0'), year, review]];
    expect(ids(await lean.process(lists, leans))).toEqual([['r:0', 'u:0', 'a:0', 'y:0']]);
  });

  it('time window: the time one passage spells out dates its whole article', async () => {
    const retrieve = vi.fn(async () => [[]]);
    const lean = timeWindow({ retrieve } as Retriever);
    const leans = request('去年7月青岛卖了多少农产品？');
    const opening = passage('s:0', { file: 's.txt', articleIndex: 0, text: '2024年7月，青岛启动帮销活动。' });
    const rest = passage('s:0b', { file: 's.txt', articleIndex: 0, start: 100, end: 200, text: '线下设了会场。' });
    const other = passage('o:0', { text: '2024年7月的另一件事。' });
    const lists = [[passage('a:0'), rest, other, opening]];
    expect(ids(await lean.process(lists, leans))).toEqual([['s:0b', 'o:0', 's:0', 'a:0']]);
  });

  it('time window: a report of the time that answers far worse than the best keeps its place', async () => {
    const retrieve = vi.fn(async () => [[passage('w:0', { score: 2, text: '2024年7月的事' })]]);
    const lean = timeWindow({ retrieve } as Retriever);
    const leans = request('去年7月青岛卖了多少农产品？');
    const lists = [[passage('a:0', { score: 9 }), passage('r:0', { score: 4, text: '2024年7月15日，青岛发布数据。' })]];
    expect(ids(await lean.process(lists, leans))).toEqual([['r:0', 'a:0']]);
  });

  it('time window: each event of a comparison leans on its own time only; other parts on the whole question’s too', async () => {
    const retrieve = vi.fn(async () => [[]]);
    const lean = timeWindow({ retrieve } as Retriever);
    const windows = async (question: string, parts: number) => {
      retrieve.mockClear();
      const asked = request(question);
      expect(asked.query.parts).toHaveLength(parts);
      await lean.process(
        asked.query.parts.map(() => []),
        asked,
      );
      return retrieve.mock.calls.map((call) => (call as unknown as [{ within: { from: string } }])[0].within.from);
    };
    expect(await windows('2021年世界园艺博览会开幕和2023年地铁8号线通车哪个事件更早发生？', 3)).toEqual([
      '2021',
      '2021',
      '2023',
    ]);
    expect(await windows('世界园艺博览会开幕和2023年地铁8号线通车哪个事件更早发生？', 3)).toEqual(['2023', '2023']);
    expect(await windows('去年青岛备案的重点网络微短剧有几部？占全省多大比例？', 3)).toEqual(['2024', '2024', '2024']);
  });

  it('rerank: the reranker orders the standalone question’s candidates, cut to depth', async () => {
    const reranker = {
      model: 'fake',
      rerank: vi.fn(async (_q: string, documents: string[]) => documents.map((_, i) => i)),
    };
    const search = request('青岛长护险累计支出多少护理保险资金？', 2);
    const lists = [[passage('a:0'), passage('b:0'), passage('c:0')]];
    expect(ids(await rerank(reranker).process(lists, search))).toEqual([['c:0', 'b:0']]);
    expect(reranker.rerank).toHaveBeenCalledWith(
      search.query.question,
      ['headline a:0\ntext of a:0', 'headline b:0\ntext of b:0', 'headline c:0\ntext of c:0'],
      { signal: undefined },
    );
  });

  it('rerank: a failing reranker is reported and the fused order stands', async () => {
    const failed = vi.fn();
    const reranker = { model: 'fake', rerank: async () => Promise.reject(new Error('rerank down')) };
    const lists = [[passage('a:0'), passage('b:0'), passage('c:0')]];
    expect(ids(await rerank(reranker, failed).process(lists, request('青岛？', 2)))).toEqual([['a:0', 'b:0']]);
    expect(failed).toHaveBeenCalledOnce();
  });

  it('page sources: each passage carries where its page was printed, or null', async () => {
    const source = { paper: '青岛日报', published: '2025-02-27', inferred: false, page: '第1版', url: null };
    const search = { ...request(), index: { ...fakeIndex(), sources: async () => new Map([['a.txt', source]]) } };
    const [[a, b]] = await pageSources.process([[passage('a:0'), passage('b:0')]], search);
    expect(a.source).toEqual(source);
    expect(b.source).toBeNull();
  });

  it('run in order, each on what the one before it left', async () => {
    const order: string[] = [];
    const step = (name: string) => ({
      process: async (lists: Passage[][]) => {
        order.push(name);
        return [...lists, [passage(`${name}:0`)]];
      },
    });
    const lists = await postprocess([], [step('one'), step('two')], request());
    expect(order).toEqual(['one', 'two']);
    expect(ids(lists)).toEqual([['one:0'], ['two:0']]);
  });
});
