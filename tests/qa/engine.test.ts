import { describe, expect, it, vi } from 'vitest';
import { UserError, type Passage } from '../../src/domain/types.js';
import { Engine, type EngineStages } from '../../src/qa/engine.js';
import type { Postprocessor } from '../../src/qa/postprocessors/postprocessor.js';
import type { Retriever } from '../../src/qa/retrievers/retriever.js';
import { readPassage } from '../../src/qa/synthesizers/evidence.js';
import type { Draft, Synthesis, SynthesisRequest, Synthesizer } from '../../src/qa/synthesizers/synthesizer.js';
import { citesAPassage, type Check } from '../../src/qa/checks/check.js';
import { fakeIndex, passage } from './support/fakes.js';

const found = [passage('a:0', { text: '青岛长护险累计支出护理保险资金53亿元。' }), passage('b:0'), passage('c:0')];

function synthesizer(mode: 'llm' | 'offline', answer: (request: SynthesisRequest) => Synthesis, log: string[]) {
  const synthesize = vi.fn(async (request: SynthesisRequest) => {
    log.push(mode);
    return answer(request);
  });
  return { mode, synthesize } satisfies Synthesizer;
}

const draft = (text: string, passages: Passage[], extra: Partial<Draft> = {}): Draft => ({
  kind: 'draft',
  text,
  passages,
  offlineReason: null,
  ...extra,
});

function engine(
  options: {
    chat?: (request: SynthesisRequest) => Synthesis;
    offline?: (request: SynthesisRequest) => Synthesis;
    noChat?: boolean;
    offlineChecks?: Check[];
    shelf?: NonNullable<Parameters<typeof fakeIndex>[1]>['shelf'];
  } = {},
) {
  const log: string[] = [];
  const index = fakeIndex(undefined, { shelf: options.shelf });
  const retriever: Retriever = {
    retrieve: vi.fn(async (request) => {
      log.push(`retrieve ${request.depth}`);
      return [found];
    }),
  };
  const postprocessor: Postprocessor = {
    process: async (lists) => {
      log.push('postprocess');
      return lists;
    },
  };
  const chat = synthesizer('llm', options.chat ?? ((request) => draft('53亿元[1]', request.passages)), log);
  const offline = synthesizer(
    'offline',
    options.offline ??
      ((request) =>
        draft('青岛长护险累计支出护理保险资金53亿元。[1]', request.quoted.passages, {
          preface: () => `offline (${request.fallback.reason})\n`,
          offlineReason: request.fallback.detail,
        })),
    log,
  );
  const metrics = { question: vi.fn() };
  const stages: EngineStages = {
    index: {
      follow: async () => {
        log.push('follow');
      },
      current: () => index,
    },
    query: {
      condenser: {
        condense: async (question) => {
          log.push('condense');
          return question;
        },
      },
      now: () => new Date('2025-06-01T00:00:00Z'),
    },
    retriever,
    postprocessors: [postprocessor],
    chat: options.noChat ? null : { synthesizer: chat, checks: [citesAPassage] },
    offline: { synthesizer: offline, checks: options.offlineChecks ?? [] },
    reader: readPassage,
    offlineDepth: 2,
    contextDepth: 3,
    detailDepth: 6,
    timeoutMs: 10_000,
    maxQuestionChars: 50,
    metrics,
  };
  return { engine: new Engine(stages), log, chat, offline, retriever, metrics };
}

const question = '青岛长护险累计支出多少护理保险资金？';

describe('engine', () => {
  it('runs query → retrievers → postprocessors → synthesizer → checks, in order', async () => {
    const { engine: answerer, log, metrics } = engine();
    const answer = await answerer.answer(`  ${question} `);
    expect(log).toEqual(['follow', 'condense', 'retrieve 3', 'postprocess', 'llm']);
    expect(answer).toMatchObject({
      question,
      text: '53亿元[1]',
      mode: 'llm',
      refused: false,
      offlineReason: null,
      citations: [{ n: 1, id: 'a:0' }],
      language: 'zh',
      script: 'simplified',
    });
    expect(answer.retrieved.map((p) => p.id)).toEqual(['a:0', 'b:0', 'c:0']);
    expect(metrics.question).toHaveBeenCalledWith('answered', expect.any(Number));
  });

  it('reads more passages for a fuller answer, and tells the chat model it is one', async () => {
    const { engine: answerer, log, chat } = engine();
    await answerer.answer(question, { detail: true });
    expect(log).toContain('retrieve 6');
    expect(chat.synthesize.mock.calls[0][0].detail).toBe(true);
    await answerer.answer(question);
    expect(log.filter((line) => line.startsWith('retrieve'))).toEqual(['retrieve 6', 'retrieve 3']);
    expect(chat.synthesize.mock.calls[1][0].detail).toBe(false);
  });

  it('searches the query’s time window first', async () => {
    const { engine: answerer, retriever } = engine();
    await answerer.answer('去年的报道里青岛卖了多少农产品？');
    expect(vi.mocked(retriever.retrieve).mock.calls[0][0].within).toMatchObject({ from: '2024', to: '2025' });
  });

  it('reads the times of a question asked on a given day from that day, and nothing published after it', async () => {
    const { engine: answerer, retriever } = engine();
    await answerer.answer('去年的报道里青岛卖了多少农产品？', { askedOn: new Date('2021-03-01T00:00:00Z') });
    expect(vi.mocked(retriever.retrieve).mock.calls[0][0].within).toEqual({ from: '2020', to: '2021' });
    await answerer.answer('青岛卖了多少农产品？', { askedOn: new Date('2021-03-01T00:00:00Z') });
    expect(vi.mocked(retriever.retrieve).mock.calls[1][0].within).toEqual({
      from: '',
      to: '2021-03-02',
      undated: true,
    });
  });

  it('gives the chat model every passage and the offline answer the first offlineDepth', async () => {
    const {
      engine: answerer,
      chat,
      offline,
    } = engine({ chat: () => ({ kind: 'failed', reason: 'timeout', detail: 'slow' }) });
    const answer = await answerer.answer(question);
    expect(chat.synthesize.mock.calls[0][0].passages).toHaveLength(3);
    const offlineRequest = offline.synthesize.mock.calls[0][0];
    expect(offlineRequest.quoted.passages).toHaveLength(2);
    expect(offlineRequest.fallback).toEqual({ reason: 'timeout', detail: 'slow' });
    expect(answer).toMatchObject({
      mode: 'offline',
      offlineReason: 'slow',
      text: 'offline (timeout)\n青岛长护险累计支出护理保险资金53亿元。[1]',
    });
  });

  it('answers offline when the chat model’s answer fails its checks', async () => {
    const { engine: answerer, offline, metrics } = engine({ chat: (request) => draft('53亿元', request.passages) });
    const answer = await answerer.answer(question);
    expect(offline.synthesize.mock.calls[0][0].fallback).toEqual({
      reason: 'unsupported',
      detail: 'the model cited no passage',
    });
    expect(answer.mode).toBe('offline');
    expect(metrics.question).toHaveBeenCalledWith('offline', expect.any(Number));
  });

  it('stops at a refusal', async () => {
    const { engine: answerer, offline, metrics } = engine({ chat: () => ({ kind: 'refusal', offlineReason: null }) });
    const answer = await answerer.answer(question);
    expect(answer).toMatchObject({
      text: '报道中没有找到这个问题的答案。可以换个问法，或看看相近的报道：',
      mode: 'llm',
      refused: true,
      citations: [],
    });
    expect(answer.nearest?.map(({ n, id }) => ({ n, id }))).toEqual(found.map(({ id }, i) => ({ n: i + 1, id })));
    expect(offline.synthesize).not.toHaveBeenCalled();
    expect(metrics.question).toHaveBeenCalledWith('refused', expect.any(Number));
  });

  it('refuses when no synthesizer’s answer passes its checks, saying what failed', async () => {
    const { engine: answerer } = engine({
      noChat: true,
      offlineChecks: [citesAPassage],
      offline: (request) => ({
        ...draft('no marker', request.quoted.passages),
        offlineReason: request.fallback.detail,
      }),
    });
    expect(await answerer.answer('How much did Qingdao spend?')).toMatchObject({
      text: 'The reports do not say. Try other words, or open the nearest reports:',
      mode: 'offline',
      refused: true,
      offlineReason: 'the model cited no passage',
    });
  });

  it('refuses a question about what no report names with the nearest reports', async () => {
    const { engine: answerer } = engine({
      noChat: true,
      offline: () => ({ kind: 'refusal', offlineReason: null, missing: ['巴黎'] }),
    });
    const answer = await answerer.answer('青岛至巴黎的货运航线由哪家航空公司执飞？');
    expect(answer).toMatchObject({ text: '报道里没有巴黎的信息。相近的报道：', refused: true, citations: [] });
    expect(answer.nearest?.map(({ n, id }) => ({ n, id }))).toEqual(found.map(({ id }, i) => ({ n: i + 1, id })));
  });

  it('answers small talk in the reader’s script with questions from the newest page, searching nothing', async () => {
    const shelf = {
      sources: new Map([
        ['old.txt', { paper: null, published: '2024-09-02', inferred: false, page: null, url: null }],
        ['new.txt', { paper: null, published: '2025-02-27', inferred: false, page: null, url: null }],
      ]),
      passages: [
        passage('old:0', { text: '2023年以来，青岛长护险累计支出护理保险资金53亿元。' }),
        passage('new:0', { text: '2024年，青岛市累计帮销中西部地区农特产品50.1亿元。' }),
      ],
    };
    const { engine: answerer, log, metrics } = engine({ shelf });
    const answer = await answerer.answer('謝謝！');
    expect(answer).toMatchObject({
      text: '不客氣！還想知道什麼，直接問我。',
      refused: false,
      citations: [],
      retrieved: [],
      smallTalk: { kind: 'thanks' },
    });
    expect(answer.smallTalk?.examples[0]).toBe('2024年青島市累計幫銷中西部地區農特產品多少億元？');
    expect(answer.smallTalk?.examples).toHaveLength(2);
    expect(log).toEqual(['follow']);
    expect(metrics.question).toHaveBeenCalledWith('small-talk', expect.any(Number));
  });

  it('answers a question that starts with a greeting', async () => {
    const { engine: answerer, log } = engine({ noChat: true });
    const answer = await answerer.answer('你好，青岛长护险累计支出多少钱？');
    expect(answer.smallTalk).toBeUndefined();
    expect(log).toContain('offline');
  });

  it('answers a quick question without the chat model, reading offlineDepth passages', async () => {
    const { engine: answerer, log, offline } = engine();
    await answerer.answer(question, { quick: true });
    expect(log).toEqual(['follow', 'condense', 'retrieve 2', 'postprocess', 'offline']);
    expect(offline.synthesize.mock.calls[0][0].fallback).toEqual({
      reason: 'quick',
      detail: 'a quick answer: the language model was not asked',
    });
  });

  it('reads a traditional question in simplified and writes the answer and its drafts back in traditional', async () => {
    const drafts: string[] = [];
    const { engine: answerer, chat } = engine({
      chat: (request) => {
        request.onDraft?.('累计支出护理保险资金');
        return draft('长护险累计支出53亿元[1]', request.passages);
      },
    });
    const answer = await answerer.answer('青島長護險累計支出多少護理保險資金？', {
      onDraft: (text) => drafts.push(text),
    });
    expect(chat.synthesize.mock.calls[0][0].query).toMatchObject({ question, script: 'traditional' });
    expect(drafts).toEqual(['累計支出護理保險資金']);
    expect(answer).toMatchObject({ text: '長護險累計支出53億元[1]', script: 'traditional' });
  });

  it('rejects an empty or too long question before anything else, and counts it', async () => {
    const { engine: answerer, log, metrics } = engine();
    await expect(answerer.answer('  ')).rejects.toThrow(UserError);
    await expect(answerer.answer('长'.repeat(51))).rejects.toThrow(
      'the question is too long: 51 characters, at most 50',
    );
    expect(log).toEqual([]);
    expect(metrics.question.mock.calls).toEqual([
      ['rejected', 0],
      ['rejected', 0],
    ]);
  });

  it('counts a question the reader stopped as stopped', async () => {
    const stop = new AbortController();
    const { engine: answerer, metrics } = engine({
      chat: () => {
        stop.abort();
        throw new Error('stopped');
      },
    });
    await expect(answerer.answer(question, { signal: stop.signal })).rejects.toThrow('stopped');
    expect(metrics.question).toHaveBeenCalledWith('stopped', expect.any(Number));
  });
});
