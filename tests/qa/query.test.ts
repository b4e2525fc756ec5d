import { describe, expect, it, vi } from 'vitest';
import type { ChatModel } from '../../src/adapters/chat.js';
import { ApiError } from '../../src/adapters/api-error.js';
import { UserError } from '../../src/domain/types.js';
import { startBudget } from '../../src/qa/budget.js';
import { createCondenser, type Condenser } from '../../src/qa/query/condense.js';
import { acceptQuestion } from '../../src/qa/query/limits.js';
import { readQuery } from '../../src/qa/query/query.js';
import { everyWord } from './support/fakes.js';

const budget = () => startBudget(10_000);
const today = new Date('2025-06-01T00:00:00Z');

function chatAnswering(reply: () => Promise<string>): ChatModel & { asked: number } {
  const chat = {
    model: 'fake',
    asked: 0,
    complete: async () => {
      chat.asked++;
      return reply();
    },
  };
  return chat;
}

describe('query stage', () => {
  const asIs: Condenser = { condense: async (question) => question };

  it('decides language, script, time window, parts and the day once, from what the reader wrote', async () => {
    const query = await readQuery('去年的報道裡青島賣了多少農產品？', [], budget(), () => everyWord, {
      condenser: asIs,
      now: () => today,
    });
    expect(query).toMatchObject({
      asked: '去年的報道裡青島賣了多少農產品？',
      question: '去年的报道里青岛卖了多少农产品？',
      language: 'zh',
      script: 'traditional',
      today,
      time: { from: '2024', to: '2025' },
    });
    expect(query.parts[0].kind).toBe('quantity');
  });

  it('condenses a follow-up in simplified characters, with the conversation in them too', async () => {
    const condense = vi.fn(async (question: string) => `长护险 ${question}`);
    const query = await readQuery(
      '那費用呢？',
      [{ question: '長護險是什麼？', answer: '一種保險' }],
      budget(),
      () => everyWord,
      {
        condenser: { condense },
        now: () => today,
      },
    );
    expect(condense).toHaveBeenCalledWith(
      '那费用呢？',
      [{ question: '长护险是什么？', answer: '一种保险' }],
      expect.anything(),
    );
    expect(query.question).toBe('长护险 那费用呢？');
    expect(query.history).toEqual([{ question: '长护险是什么？', answer: '一种保险' }]);
    expect(query.script).toBe('traditional');
  });

  it('reads the word statistics only once the question is condensed', async () => {
    const order: string[] = [];
    const words = () => {
      order.push('words');
      return everyWord;
    };
    const condense = async (question: string) => {
      order.push('condense');
      return question;
    };
    await readQuery('青岛的GDP是多少？', [], budget(), words, {
      condenser: { condense },
      now: () => today,
    });
    expect(order).toEqual(['condense', 'words']);
  });
});

describe('condensing a follow-up', () => {
  const history = [{ question: '青岛长护险覆盖了多少人？', answer: '900万人[1]' }];

  it('leaves a first question alone without asking the chat model', async () => {
    const chat = chatAnswering(async () => 'rewritten');
    expect(await createCondenser(chat).condense('那费用呢？', [], budget())).toBe('那费用呢？');
    expect(chat.asked).toBe(0);
  });

  it('takes the chat model rewrite', async () => {
    const chat = chatAnswering(async () => ' 青岛长护险的费用是多少？ ');
    expect(await createCondenser(chat).condense('那费用呢？', history, budget())).toBe('青岛长护险的费用是多少？');
  });

  it('offline, joins a short follow-up to the question before it, and leaves a full question alone', async () => {
    const condenser = createCondenser(null);
    expect(await condenser.condense('那费用呢？', history, budget())).toBe('青岛长护险覆盖了多少人？ 那费用呢？');
    const whole = '上合示范区今年引进了多少个项目？';
    expect(await condenser.condense(whole, history, budget())).toBe(whole);
  });

  it('falls back to the heuristic when the chat model fails or rambles, and reports the failure', async () => {
    const failed = vi.fn();
    const down = chatAnswering(async () => Promise.reject(new ApiError('chat', 'timeout', 'slow')));
    expect(await createCondenser(down, failed).condense('为什么？', history, budget())).toBe(
      '青岛长护险覆盖了多少人？ 为什么？',
    );
    expect(failed).toHaveBeenCalledWith(expect.any(ApiError));
    const rambling = chatAnswering(async () => '长'.repeat(500));
    expect(await createCondenser(rambling).condense('为什么？', history, budget())).toBe(
      '青岛长护险覆盖了多少人？ 为什么？',
    );
  });
});

describe('input limits', () => {
  it('trims the question and rejects an empty or too long one in the reader’s language', () => {
    expect(acceptQuestion('  青岛？ ', 10)).toBe('青岛？');
    expect(() => acceptQuestion('   ', 10)).toThrow(UserError);
    expect(() => acceptQuestion('   ', 10)).toThrow('the question is empty');
    try {
      acceptQuestion('一二三四五六七八九十一', 10);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe('the question is too long: 11 characters, at most 10');
      expect((error as UserError).in('zh')).toBe('问题太长：11 个字，最多 10 个字');
    }
  });
});
