import { describe, expect, it } from 'vitest';
import type { Answer, Chunk, Passage } from '../../src/domain/types.js';
import { relatedQuestions } from '../../src/qa/related.js';

const today = new Date('2026-12-05T00:00:00Z');

function chunk(articleIndex: number, chunkIndex: number, text: string, file = 'p.txt'): Chunk {
  const start = articleIndex * 1000 + chunkIndex * 100;
  return {
    id: `p:${articleIndex}:${chunkIndex}`,
    file,
    articleIndex,
    chunkIndex,
    headline: `标题${articleIndex}`,
    date: null,
    text,
    start,
    end: start + text.length,
  };
}

const passages = [
  chunk(0, 0, '青岛共有20余家规模以上泡菜加工企业，预计今年将向韩国出口泡菜30万吨。'),
  chunk(0, 1, '刘云峰所在企业先后投资1.4亿元用于厂房和设备更新。'),
  chunk(0, 2, '平度市建成泡菜原料基地12万亩。'),
  chunk(1, 0, '胶州湾隧道日均通行车辆8万辆。'),
];
const reader = { passagesOf: async (files: string[]) => passages.filter((p) => files.includes(p.file)) };

function answerCiting(cited: Chunk[], extra: Partial<Answer> = {}): Answer {
  const retrieved: Passage[] = cited.map((c) => ({
    ...c,
    score: 1,
    source: { paper: null, published: '2024-09-02', inferred: false, page: null, url: null },
  }));
  return {
    question: '青岛泡菜每年向韩国出口多少吨？',
    text: `${cited[0]?.text ?? ''}[1]`,
    mode: 'offline',
    refused: false,
    citations: cited.map((c, i) => ({
      n: i + 1,
      id: c.id,
      file: c.file,
      headline: c.headline,
      date: null,
      text: c.text,
      start: c.start,
      end: c.end,
      source: null,
    })),
    retrieved,
    offlineReason: null,
    language: 'zh',
    script: 'simplified',
    ...extra,
  };
}

describe('relatedQuestions', () => {
  it('asks for the figures of the cited article’s other passages, not of other articles', async () => {
    const questions = await relatedQuestions(answerCiting([passages[0]]), reader, today);
    expect(questions).toEqual(['刘云峰所在企业先后投资多少亿元用于厂房？', '平度市建成泡菜原料基地多少万亩？']);
  });

  it('leaves out a question about what the answer already said', async () => {
    const repeated = chunk(0, 3, '目前青岛共有20余家规模以上泡菜加工企业。');
    const withRepeat = { passagesOf: async () => [...passages, repeated] };
    const questions = await relatedQuestions(answerCiting([passages[0]]), withRepeat, today);
    expect(questions.some((q) => q.includes('泡菜加工企业'))).toBe(false);
  });

  it('offers nothing for a refusal or an answer without citations', async () => {
    expect(await relatedQuestions(answerCiting([passages[0]], { refused: true }), reader, today)).toEqual([]);
    expect(await relatedQuestions(answerCiting([]), reader, today)).toEqual([]);
  });
});
