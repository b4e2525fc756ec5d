import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FeedbackStore } from '../../src/bot/feedback.js';
import { ChatHistory } from '../../src/bot/history.js';
import type { Answer } from '../../src/types.js';

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

  it('records a vote with its question, answer and sources, also after a restart', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qd-feedback-'));
    const { id, saved } = (await FeedbackStore.open(dir)).remember(7, answer('问题一'));
    await saved;
    expect(id).toMatch(/^\w+$/);
    const reopened = await FeedbackStore.open(dir);
    await reopened.vote({ answerId: id, up: true, userId: 1, chatId: 7, messageId: 3, messageText: 'shown' });
    await reopened.vote({
      answerId: 'forgotten',
      up: false,
      userId: 1,
      chatId: 7,
      messageId: 4,
      messageText: '旧的回答',
    });
    const [known, unknown] = (await readFile(reopened.feedbackFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(known).toMatchObject({
      vote: 'up',
      question: '问题一',
      answer: '答案：问题一[1]',
      sources: [{ n: 1, id: 'p:0:0', file: 'p.txt' }],
    });
    expect(unknown).toMatchObject({ vote: 'down', question: null, answer: '旧的回答', sources: [] });
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
    expect(store.get(ids[0])).toBeUndefined();
    expect(store.get(ids[9])?.question).toBe('问题9');
    const lines = (await readFile(store.answersFile, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(6);
    const reopened = await FeedbackStore.open(dir, 3);
    expect(reopened.get(ids[9])?.question).toBe('问题9');
    expect(reopened.get(ids[5])).toBeUndefined();
  });
});

describe('ChatHistory', () => {
  it('keeps the last turns of each chat until /new', () => {
    const history = new ChatHistory(2);
    for (const q of ['a', 'b', 'c']) history.add(1, { question: q, answer: q.toUpperCase() });
    history.add(2, { question: 'x', answer: 'X' });
    expect(history.get(1).map((t) => t.question)).toEqual(['b', 'c']);
    expect(history.get(2)).toHaveLength(1);
    history.clear(1);
    expect(history.get(1)).toEqual([]);
  });

  it('forgets the quietest chat beyond its bound, and keeps nothing with zero turns', () => {
    const history = new ChatHistory(1, 2);
    history.add(1, { question: 'a', answer: '' });
    history.add(2, { question: 'b', answer: '' });
    history.add(1, { question: 'c', answer: '' });
    history.add(3, { question: 'd', answer: '' });
    expect(history.get(2)).toEqual([]);
    expect(history.get(1)).toHaveLength(1);
    const none = new ChatHistory(0);
    none.add(1, { question: 'a', answer: '' });
    expect(none.get(1)).toEqual([]);
  });
});
