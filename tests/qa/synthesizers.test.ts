import { describe, expect, it, vi } from 'vitest';
import type { ChatModel } from '../../src/adapters/chat.js';
import { ApiError } from '../../src/adapters/api-error.js';
import { startBudget } from '../../src/qa/budget.js';
import { checkAnswer, citesAPassage, statesCitedNumbers } from '../../src/qa/checks/check.js';
import { queryOf } from '../../src/qa/query/query.js';
import { chatSynthesizer } from '../../src/qa/synthesizers/chat.js';
import { gatherEvidence } from '../../src/qa/synthesizers/evidence.js';
import { extractiveSynthesizer } from '../../src/qa/synthesizers/extractive.js';
import type { SynthesisRequest } from '../../src/qa/synthesizers/synthesizer.js';
import { everyWord, passage } from './support/fakes.js';

const passages = [
  passage('a:0', { text: '截至目前，青岛长护险累计支出护理保险资金53亿元。全市定点护理机构达到1000多家。' }),
  passage('b:0', { text: '上合示范区今年引进了一批新项目。' }),
];

function request(question: string, overrides: Partial<SynthesisRequest> = {}): SynthesisRequest {
  const query = queryOf(question, everyWord, new Date('2025-06-01T00:00:00Z'));
  return {
    query,
    words: everyWord,
    passages,
    quoted: { passages, evidence: gatherEvidence(query.parts, passages, everyWord) },
    budget: startBudget(10_000),
    fallback: { reason: 'no-model', detail: 'no language model configured' },
    ...overrides,
  };
}

function fakeChat(reply: () => Promise<string>): ChatModel & { complete: ReturnType<typeof vi.fn> } {
  return { model: 'fake', complete: vi.fn(reply) };
}

describe('chat synthesizer', () => {
  const asked = '青岛长护险累计支出多少护理保险资金？';

  it('hands the model the standalone question and every passage', async () => {
    const chat = fakeChat(async () => '累计支出53亿元[1]。');
    const result = await chatSynthesizer({ chat, minCoverage: 0.15 }).synthesize(request(asked));
    expect(result).toEqual({ kind: 'draft', text: '累计支出53亿元[1]。', passages, offlineReason: null });
    const [messages] = chat.complete.mock.calls[0];
    expect(messages.at(-1).content).toContain(asked);
    expect(messages.at(-1).content).toContain('<passage n="2">');
  });

  it('refuses without asking the model when the passages share almost nothing with the question', async () => {
    const chat = fakeChat(async () => 'never');
    const result = await chatSynthesizer({ chat, minCoverage: 0.99 }).synthesize(request('火星上的水资源有多少？'));
    expect(result).toEqual({ kind: 'refusal', offlineReason: null });
    expect(chat.complete).not.toHaveBeenCalled();
  });

  it('passes on the model’s own refusal', async () => {
    const chat = fakeChat(async () => '报道中没有找到这个问题的答案。');
    expect(await chatSynthesizer({ chat, minCoverage: 0.15 }).synthesize(request(asked))).toEqual({
      kind: 'refusal',
      offlineReason: null,
    });
  });

  it('says why it failed, for the offline answer, and reports the failure', async () => {
    const failed = vi.fn();
    const slow = fakeChat(async () => Promise.reject(new ApiError('chat', 'timeout', 'slow')));
    expect(await chatSynthesizer({ chat: slow, minCoverage: 0.15, failed }).synthesize(request(asked))).toEqual({
      kind: 'failed',
      reason: 'timeout',
      detail: 'the language model timed out',
    });
    const broken = fakeChat(async () => Promise.reject(new Error('HTTP 500')));
    expect(await chatSynthesizer({ chat: broken, minCoverage: 0.15, failed }).synthesize(request(asked))).toEqual({
      kind: 'failed',
      reason: 'error',
      detail: 'the language model failed: HTTP 500',
    });
    expect(failed).toHaveBeenCalledTimes(2);
  });

  it('does not ask the model with no time left', async () => {
    const chat = fakeChat(async () => 'late');
    const result = await chatSynthesizer({ chat, minCoverage: 0.15 }).synthesize(
      request(asked, { budget: startBudget(50) }),
    );
    expect(result).toMatchObject({ kind: 'failed', reason: 'timeout' });
    expect(chat.complete).not.toHaveBeenCalled();
  });

  it('gives up at once when the reader stops it', async () => {
    const stop = new AbortController();
    const chat = fakeChat(async () => {
      stop.abort(new Error('stopped by the reader'));
      throw new ApiError('chat', 'cancelled', 'cancelled');
    });
    await expect(
      chatSynthesizer({ chat, minCoverage: 0.15 }).synthesize(
        request(asked, { budget: startBudget(10_000, stop.signal) }),
      ),
    ).rejects.toThrow('stopped by the reader');
  });
});

describe('extractive synthesizer', () => {
  const offline = extractiveSynthesizer({ minCoverage: 0.47 });

  it('quotes the sentence that states what is asked, prefaced by why it is offline', async () => {
    const result = await offline.synthesize(request('青岛长护险累计支出多少护理保险资金？'));
    expect(result).toMatchObject({ kind: 'draft', offlineReason: 'no language model configured' });
    if (result.kind !== 'draft') return;
    expect(result.text).toBe('截至目前，青岛长护险累计支出护理保险资金53亿元。[1]');
    expect(result.preface?.([])).toBe('离线模式（未配置大模型）：以下是报道中最相关的原文。\n');
  });

  it('says it is offline only when the conversation has no earlier turn', async () => {
    const history = [{ question: '上合示范区引进了什么？', answer: '上合示范区今年引进了一批新项目。[1]' }];
    const base = request('青岛长护险累计支出多少护理保险资金？');
    const result = await offline.synthesize({ ...base, query: { ...base.query, history } });
    expect(result.kind === 'draft' && result.preface?.([])).toBe('');
  });

  it('says so when a follow-up would quote the very sentence of the answer before it', async () => {
    const history = [{ question: '长护险花了多少钱？', answer: '截至目前，青岛长护险累计支出护理保险资金53亿元。[1]' }];
    const base = request('青岛长护险累计支出多少护理保险资金？');
    const result = await offline.synthesize({
      ...base,
      query: { ...base.query, asked: '那一共花了多少呢？', history },
    });
    expect(result).toMatchObject({
      kind: 'draft',
      text: '上一条回答已经引用了这段报道：“截至目前，青岛长护险累计…”[1]',
    });
    // Asked in full, it is a question of its own: answered in full.
    const standalone = await offline.synthesize({ ...base, query: { ...base.query, history } });
    expect(standalone).toMatchObject({ text: '截至目前，青岛长护险累计支出护理保险资金53亿元。[1]' });
    const again = { ...base, query: { ...base.query, history: [{ ...history[0], question: base.query.question }] } };
    expect(await offline.synthesize(again)).toMatchObject({
      text: '截至目前，青岛长护险累计支出护理保险资金53亿元。[1]',
    });
  });

  it('quotes what a follow-up adds, and points to what the answer before it quoted', async () => {
    const history = [{ question: '长护险花了多少钱？', answer: '截至目前，青岛长护险累计支出护理保险资金53亿元。[1]' }];
    const base = request('青岛长护险累计支出多少护理保险资金？全市定点护理机构有多少家？');
    const result = await offline.synthesize({
      ...base,
      query: { ...base.query, asked: '那定点护理机构呢？', history },
    });
    expect(result).toMatchObject({
      kind: 'draft',
      text: '全市定点护理机构达到1000多家。[1]\n上一条回答已经引用了这段报道：“截至目前，青岛长护险累计…”[1]',
    });
  });

  it('knows a sentence again when the answer before quoted only a clause of it', async () => {
    const history = [{ question: '长护险花了多少钱？', answer: '青岛长护险累计支出护理保险资金53亿元。[1]' }];
    const base = request('青岛长护险累计支出多少护理保险资金？');
    const result = await offline.synthesize({
      ...base,
      query: { ...base.query, asked: '那一共花了多少呢？', history },
    });
    expect(result).toMatchObject({ text: '上一条回答已经引用了这段报道：“截至目前，青岛长护险累计…”[1]' });
  });

  it('marks the figure it quotes as the answer', async () => {
    const result = await offline.synthesize(request('青岛长护险累计支出多少护理保险资金？'));
    expect(result).toMatchObject({ kind: 'draft', marked: ['53亿元'] });
  });

  it('refuses a question naming what no retrieved report names, saying what', async () => {
    // The words of the two passages, and no other.
    const printed = passages.map((p) => p.text).join('|');
    const words = { ...everyWord, share: (word: string) => (printed.includes(word) ? 0.01 : 0) };
    const asking = (question: string) => {
      const query = queryOf(question, words, new Date('2025-06-01T00:00:00Z'));
      return request(question, { query, words });
    };
    expect(await offline.synthesize(asking('巴黎长护险累计支出多少护理保险资金？'))).toEqual({
      kind: 'refusal',
      offlineReason: 'no language model configured',
      missing: ['巴黎'],
    });
    expect(await offline.synthesize(asking('2019年青岛长护险累计支出多少护理保险资金？'))).toMatchObject({
      missing: ['2019年'],
    });
    // A personal name jieba does not know, and no page uses.
    expect(await offline.synthesize(asking('李晨说青岛长护险累计支出多少护理保险资金？'))).toMatchObject({
      missing: ['李晨'],
    });
  });

  it('refuses with the reason the chat model gave none, when the passages do not state the answer', async () => {
    const fallback = { reason: 'timeout' as const, detail: 'the language model timed out' };
    expect(await offline.synthesize(request('火星上的水资源有多少？', { fallback }))).toEqual({
      kind: 'refusal',
      offlineReason: 'the language model timed out',
    });
  });
});

describe('checks', () => {
  it('resolve the citations and name the first problem', () => {
    expect(checkAnswer('53亿元[2]', passages, [citesAPassage, statesCitedNumbers])).toMatchObject({
      text: '53亿元[1]',
      citations: [{ n: 1, id: 'b:0' }],
      problem: 'the model stated 53, which the cited passages do not contain',
    });
    expect(checkAnswer('53亿元', passages, [citesAPassage, statesCitedNumbers]).problem).toBe(
      'the model cited no passage',
    );
    expect(checkAnswer('53亿元[1]', passages, [citesAPassage, statesCitedNumbers]).problem).toBeNull();
    expect(checkAnswer('53亿元', passages, []).problem).toBeNull();
  });
});
