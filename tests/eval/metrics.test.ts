import { describe, expect, it } from 'vitest';
import {
  judge,
  parseQuestionSet,
  percentile,
  summarize,
  summarizeBy,
  unanswered,
  type EvalQuestion,
} from '../../src/eval/metrics.js';
import type { Answer, Passage } from '../../src/domain/types.js';

const PAGE = '青岛加快建设消费帮扶重点城市\n2024年,青岛市累计帮销中西部地区农特产品50.1亿元,助力打造驰名商标10个。';
const passage = (text: string, file = 'p.txt'): Passage => ({
  id: text.slice(0, 8),
  file,
  articleIndex: 0,
  chunkIndex: 0,
  headline: '青岛加快建设消费帮扶重点城市',
  date: null,
  text,
  start: 0,
  end: text.length,
  score: 1,
});
const question = (overrides: Partial<EvalQuestion> = {}): EvalQuestion => ({
  id: 'q1',
  question: '青岛去年帮中西部卖了多少农产品？',
  answer: '50.1亿元',
  file: 'p.txt',
  headline: '青岛加快建设消费帮扶重点城市',
  must_contain: ['50.1亿元'],
  evidence: '累计帮销中西部地区农特产品50.1亿元',
  kind: 'number',
  ...overrides,
});
const answer = (overrides: Partial<Answer> = {}): Answer => ({ ...unanswered('q'), ...overrides });
const stated = passage('2024年,青岛市累计帮销中西部地区农特产品50.1亿元,助力打造驰名商标10个。');
const other = passage('全市拥有微短剧制作机构800余家。', 'q.txt');

describe('judge', () => {
  it.each([
    ['found first, stated', [stated], '青岛帮销农产品50.1亿元[1]', { foundAt: 1, answerHit: true, refused: false }],
    ['found second', [other, stated], '50.1亿元', { foundAt: 2, answerHit: true }],
    ['not found, not stated', [other], '800余家', { foundAt: null, answerHit: false }],
    ['full-width figure', [stated], '５０．１亿元', { answerHit: true }],
    ['answer in traditional characters', [stated], '青島幫銷農產品50.1億元', { answerHit: true }],
    ['refused', [stated], '报道中没有找到这个问题的答案。', { answerHit: false, refused: true }],
  ] as const)('%s', (_label, retrieved, text, expected) => {
    const refused = text.startsWith('报道中没有');
    const result = judge(question(), answer({ retrieved: [...retrieved], text, refused }), 5, 0, () => PAGE);
    expect(result).toMatchObject(expected);
  });

  it('lets an English answer state a figure in its digits', () => {
    const english = question({ question: 'How much did Qingdao sell?', must_contain: ['50.1亿元'] });
    const result = judge(english, answer({ retrieved: [stated], text: 'About 50.1 (亿元) yuan' }), 5, 0, () => PAGE);
    expect(result.answerHit).toBe(true);
  });

  it('counts a plain refusal of an unanswerable question as right', () => {
    const unanswerable = question({
      file: null,
      headline: null,
      evidence: null,
      must_contain: [],
      kind: 'unanswerable',
    });
    const result = judge(unanswerable, answer({ refused: true, text: 'The reports do not say.' }), 5, 0, () => '');
    expect(result).toMatchObject({ answerable: false, refused: true });
  });
});

describe('summaries', () => {
  const rows = [
    {
      id: 'a',
      kind: 'number',
      style: 'english',
      answerable: true,
      foundAt: 1,
      answerHit: true,
      citedSupport: true,
      refused: false,
      ms: 10,
    },
    {
      id: 'b',
      kind: 'number',
      style: 'english',
      answerable: true,
      foundAt: 2,
      answerHit: false,
      citedSupport: false,
      refused: true,
      ms: 30,
    },
    {
      id: 'c',
      kind: 'unanswerable',
      style: 'near-miss',
      answerable: false,
      foundAt: null,
      answerHit: false,
      citedSupport: false,
      refused: true,
      ms: 20,
    },
    {
      id: 'd',
      kind: 'date',
      style: null,
      answerable: true,
      foundAt: null,
      answerHit: false,
      citedSupport: false,
      refused: false,
      ms: 40,
    },
  ];

  it('scores recall, MRR, hits, refusals and false refusals', () => {
    expect(summarize(rows, 5)).toMatchObject({
      questions: 4,
      answerable: 3,
      recallAtK: 2 / 3,
      mrr: (1 + 0.5) / 3,
      answerHit: 1 / 3,
      refusalAccuracy: 1,
      falseRefusals: 1,
      falseRefusalRate: 1 / 3,
    });
  });

  it('groups by style, leaving out questions without one', () => {
    const byStyle = summarizeBy(rows, 5, (row) => row.style);
    expect([...byStyle.keys()]).toEqual(['english', 'near-miss']);
    expect(byStyle.get('english')).toMatchObject({ questions: 2, answerHit: 0.5, falseRefusalRate: 0.5 });
    expect(byStyle.get('near-miss')).toMatchObject({
      questions: 1,
      answerable: 0,
      refusalAccuracy: 1,
      falseRefusalRate: 0,
    });
  });

  it.each([
    [[], 50, 0],
    [[5], 95, 5],
    [[1, 2, 3, 4], 50, 2],
    [[4, 1, 3, 2], 95, 4],
  ])('percentile(%j, %i) = %i', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('names the line of a question set that is not a question', () => {
    expect(() => parseQuestionSet('{"question":"a","must_contain":[]}\n\nnot json')).toThrow(/line 3/);
  });
});
