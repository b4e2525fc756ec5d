import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FeedbackStore } from '../../src/state/feedback-store.js';
import { fileConversations, recentTurns, withTurn } from '../../src/state/conversation.js';
import { conversationKey } from '../../src/bot/middleware/conversations.js';
import { summarize, UsageLog } from '../../src/state/usage.js';
import type { Answer } from '../../src/domain/types.js';

const answer = (question: string): Answer => ({
  question,
  language: 'zh',
  script: 'simplified',
  text: `答案：${question}[1]`,
  mode: 'offline',
  refused: false,
  citations: [
    { n: 1, id: 'p:0:0', file: 'p.txt', headline: '标题', date: null, text: '原文', start: 0, end: 2, source: null },
  ],
  retrieved: [],
  offlineReason: null,
});

describe('FeedbackStore', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('records one vote per person per answer, with its question, answer and sources, also after a restart', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qd-feedback-'));
    const { id, saved } = (await FeedbackStore.open(dir)).remember(7, answer('问题一'));
    await saved;
    expect(id).toMatch(/^\w+$/);
    const reopened = await FeedbackStore.open(dir);
    const vote = (up: boolean, userId: number, chatId = 7) =>
      reopened.vote({ answerId: id, up, userId, chatId, messageId: 3 });
    expect(await vote(true, 1)).toEqual({ outcome: 'new', tally: { up: 1, down: 0 } });
    expect(await vote(true, 1)).toEqual({ outcome: 'same', tally: { up: 1, down: 0 } });
    expect(await vote(false, 1)).toEqual({ outcome: 'changed', tally: { up: 0, down: 1 } });
    expect(await vote(true, 2)).toEqual({ outcome: 'new', tally: { up: 1, down: 1 } });
    // Forged data: an answer the store never gave, or one given in another chat.
    expect(await reopened.vote({ answerId: 'forged', up: false, userId: 1, chatId: 7, messageId: 4 })).toEqual({
      outcome: 'unknown',
    });
    expect(await vote(false, 3, 8)).toEqual({ outcome: 'unknown' });
    const lines = (await readFile(path.join(dir, 'feedback.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => `${l.userId}${l.vote}`)).toEqual(['1up', '1down', '2up']);
    expect(lines[0]).toMatchObject({
      question: '问题一',
      answer: '答案：问题一[1]',
      sources: [{ n: 1, id: 'p:0:0', file: 'p.txt' }],
    });
    // The votes are read back after a restart: the tally holds, and 👎 are listed for /feedback.
    const again = await FeedbackStore.open(dir);
    expect(await again.tally(id)).toEqual({ up: 1, down: 1 });
    expect((await again.downvoted()).map((entry) => entry.question)).toEqual(['问题一']);
    expect(await again.vote({ answerId: id, up: true, userId: 1, chatId: 7, messageId: 3 })).toMatchObject({
      outcome: 'changed',
      tally: { up: 2, down: 0 },
    });
    expect(await again.downvoted()).toEqual([]);
  });

  it('keeps who asked, the conversation asked in and how full an answer, after a restart too', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qd-feedback-'));
    const history = [{ question: '问题一', answer: '答案一' }];
    const { id, saved } = (await FeedbackStore.open(dir)).remember(7, answer('问题二'), null, {
      askerId: 42,
      history,
      detail: true,
    });
    await saved;
    const record = await (await FeedbackStore.open(dir)).get(id);
    expect(record).toMatchObject({ question: '问题二', askerId: 42, history, detail: true });
  });

  it('keeps a bounded number of answers, on disk too', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qd-feedback-'));
    const store = await FeedbackStore.open(dir, 3);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { id, saved } = store.remember(7, answer(`问题${i}`));
      await saved;
      ids.push(id);
    }
    expect(await store.get(ids[0])).toBeUndefined();
    expect((await store.get(ids[9]))?.question).toBe('问题9');
    const lines = (await readFile(path.join(dir, 'answers.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(6);
    const reopened = await FeedbackStore.open(dir, 3);
    expect((await reopened.get(ids[9]))?.question).toBe('问题9');
    expect(await reopened.get(ids[5])).toBeUndefined();
  });
});

describe('conversations', () => {
  const turn = (question: string, at: number) => ({ question, answer: question.toUpperCase(), at });
  const HOUR = 3_600_000;

  it.each([
    ['keeps the newest turns within the limit', [turn('a', 0), turn('b', 1), turn('c', 2)], 10, 2, ['b', 'c']],
    ['drops turns older than the time to live', [turn('a', 0), turn('b', 2 * HOUR)], 2 * HOUR + 5, 3, ['b']],
    ['keeps nothing with zero turns', [turn('a', 0)], 1, 0, []],
  ])('%s', (_name, turns, now, max, expected) => {
    expect(recentTurns({ turns }, now, HOUR, max).map((t) => t.question)).toEqual(expected);
  });

  it('stores a new turn without what a later follow-up could not use', () => {
    const start = { turns: [turn('old', 0), turn('a', 2 * HOUR)] };
    expect(withTurn(start, turn('b', 2 * HOUR + 1), HOUR, 3).turns.map((t) => t.question)).toEqual(['a', 'b']);
    expect(withTurn(start, turn('b', 2 * HOUR + 1), HOUR, 0).turns).toEqual([]);
  });

  it.each([
    ['a private chat', { message: { message_id: 1 }, chat: { id: 5, type: 'private' }, from: { id: 5 } }, '5'],
    [
      'one person in a group',
      { message: { message_id: 1 }, chat: { id: -100, type: 'supergroup' }, from: { id: 7 } },
      '-100_7',
    ],
    [
      'one person in one forum topic',
      {
        message: { message_id: 1, is_topic_message: true, message_thread_id: 12 },
        chat: { id: -100, type: 'supergroup' },
        from: { id: 7 },
      },
      '-100_7_12',
    ],
    [
      'a reply thread in a group that is not a forum (no topic)',
      {
        message: { message_id: 1, message_thread_id: 12 },
        chat: { id: -100, type: 'supergroup' },
        from: { id: 7 },
      },
      '-100_7',
    ],
    ['a button tap (none)', { callbackQuery: {}, chat: { id: 5, type: 'private' }, from: { id: 5 } }, undefined],
  ])('is keyed per %s', (_name, ctx, key) => {
    expect(conversationKey(ctx as never)).toBe(key);
  });

  it('keys a tap that asks a question to the tapper’s conversation where its button is', () => {
    const asks = (data: string) => data.startsWith('ex:');
    const tap = (data: string) => ({
      callbackQuery: { data, message: { message_id: 9, is_topic_message: true, message_thread_id: 12 } },
      chat: { id: -100, type: 'supergroup' },
      from: { id: 7 },
    });
    expect(conversationKey(tap('ex:0') as never, asks)).toBe('-100_7_12');
    expect(conversationKey(tap('vote:+:abc') as never, asks)).toBeUndefined();
  });

  it('reads a file cut short by a crash as an empty conversation', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qd-conversations-'));
    const storage = fileConversations(dir);
    await storage.write('5', { turns: [turn('a', 1)] });
    expect(await storage.read('5')).toEqual({ turns: [turn('a', 1)] });
    const file = path.join(dir, 'conversations', '5', '5.json');
    await writeFile(file, '{"turns":[{"quest');
    expect(await storage.read('5')).toEqual({ turns: [] });
  });

  let dir: string;
  afterEach(() => rm(dir ?? '/nonexistent', { recursive: true, force: true }));
});

describe('usage', () => {
  const DAY = 86_400_000;
  it.each([
    ['no questions', [], 0, { questions: 0, answered: 0, offline: 0, refused: 0, p50Ms: null }],
    [
      'counts, offline answers among the answered, refusals apart, and the median of an odd count',
      [
        { t: 10, outcome: 'answered', ms: 300 },
        { t: 11, outcome: 'refused', ms: 100 },
        { t: 12, outcome: 'offline', ms: 200 },
        { t: 13, outcome: 'offline', ms: 250 },
        { t: 14, outcome: 'refused', ms: 150 },
      ],
      0,
      { questions: 5, answered: 3, offline: 2, refused: 2, p50Ms: 200 },
    ],
    [
      'only events since the start, median of an even count',
      [
        { t: 1, outcome: 'refused', ms: 999 },
        { t: 10, outcome: 'answered', ms: 100 },
        { t: 11, outcome: 'answered', ms: 300 },
      ],
      5,
      { questions: 2, answered: 2, offline: 0, refused: 0, p50Ms: 200 },
    ],
  ] as const)('summarizes %s', (_name, events, from, figures) => {
    expect(summarize([...events], from)).toEqual(figures);
  });

  it('keeps a week of questions across restarts, and splits today from the week', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qd-usage-'));
    try {
      let now = new Date(2026, 10, 20, 12).getTime();
      const clock = () => now;
      const log = await UsageLog.open(dir, clock);
      await log.record('answered', 1200);
      now += 3 * DAY;
      await log.record('refused', 300);
      await log.record('offline', 500);
      const reopened = await UsageLog.open(dir, clock);
      expect((await reopened.figures()).today).toMatchObject({
        questions: 2,
        answered: 1,
        offline: 1,
        refused: 1,
        p50Ms: 400,
      });
      expect((await reopened.figures()).week).toMatchObject({ questions: 3, p50Ms: 500 });
      now += 6 * DAY;
      const later = await (await UsageLog.open(dir, clock)).figures();
      expect([later.today.questions, later.week.questions]).toEqual([0, 2]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
