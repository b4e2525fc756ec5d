import { describe, expect, it } from 'vitest';
import { InlineKeyboard } from 'grammy';
import { requestFor } from '../../src/bot/features/answer-actions/answer-actions.js';
import { answerActionButton } from '../../src/bot/features/answer-actions/callback-data.js';
import { addAnswerActions } from '../../src/bot/features/answer-actions/keyboard.js';
import { removeButton } from '../../src/bot/features/admin/callback-data.js';
import { downvotePageButton, voteButton } from '../../src/bot/features/feedback/callback-data.js';
import { withTally } from '../../src/bot/features/feedback/keyboard.js';
import { stopButton } from '../../src/bot/features/question/stop-button.js';
import { backButton, sourceButton } from '../../src/bot/features/sources/callback-data.js';
import { createI18n, translator } from '../../src/bot/i18n.js';
import type { AnsweredRecord } from '../../src/state/feedback-store.js';

const labels = (keyboard: InlineKeyboard) => keyboard.inline_keyboard.map((row) => row.map((b) => b.text));

describe('answer action buttons', () => {
  it.each([
    { action: 'again', answerId: 'KK6AhJbB' },
    { action: 'detail', answerId: 'a0_b1' },
  ] as const)('write $action, fitting 64 bytes, and read it back', (value) => {
    const data = answerActionButton.encode(value);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(answerActionButton.trigger.test(data)).toBe(true);
    expect(answerActionButton.decode(data)).toEqual(value);
  });

  it("are told apart from every other feature's buttons, and forged data is not read", () => {
    const others = ['stop:abc', 'src:000_2f615ec6976ddc12:3:1~KK6AhJbB', 'back:a1', 'vote:+:a1', 'fb:3', 'rm:x'];
    for (const data of others) expect(answerActionButton.trigger.test(data), data).toBe(false);
    const mine = answerActionButton.encode({ action: 'again', answerId: 'a1' });
    for (const codec of [stopButton, sourceButton, backButton, voteButton, downvotePageButton, removeButton])
      expect(codec.trigger.test(mine)).toBe(false);
    for (const forged of ['act:again:', 'act:other:a1', 'act:detail:a1~x'])
      expect(answerActionButton.decode(forged)).toBeNull();
  });

  it('come as a last row, in the answer’s locale, and stay when a vote changes the tally', () => {
    const t = translator(createI18n(), 'zh-Hant');
    const keyboard = addAnswerActions(
      new InlineKeyboard().text('👍', 'vote:+:a1').text('👎', 'vote:-:a1'),
      'a1',
      t,
      false,
    );
    expect(labels(keyboard)).toEqual([
      ['👍', '👎'],
      ['🔄', '更詳細'],
    ]);
    expect(labels(withTally(keyboard, { up: 1, down: 0 }))).toEqual([
      ['👍 1', '👎'],
      ['🔄', '更詳細'],
    ]);
    // A fuller answer is not offered a fuller one still.
    expect(labels(addAnswerActions(new InlineKeyboard().text('👍', 'vote:+:a2'), 'a2', t, true))).toEqual([
      ['👍'],
      ['🔄'],
    ]);
  });
});

describe('what a tap asks', () => {
  const history = [{ question: '青岛帮甘肃卖了多少农产品？', answer: '10亿元[1]。' }];
  const record: AnsweredRecord = {
    id: 'a1',
    time: '2026-12-05T03:00:00.000Z',
    chatId: 7,
    question: '那陇南呢？',
    answer: '2亿元[1]。',
    mode: 'llm',
    refused: false,
    sources: [],
    html: '2亿元[1]。',
    askerId: 7,
    history,
    detail: false,
  };

  it('answers again over a one-message answer, in the conversation it was asked in', () => {
    expect(requestFor('again', record, 40)).toEqual({
      question: '那陇南呢？',
      history,
      detail: false,
      replaces: 40,
      replyTo: undefined,
    });
  });

  it('answers again below an answer in several messages, and a fuller answer again as fully', () => {
    expect(requestFor('again', { ...record, html: null, detail: true }, 41)).toMatchObject({
      detail: true,
      replaces: undefined,
      replyTo: 41,
    });
  });

  it('replies to the answer with a fuller one', () => {
    expect(requestFor('detail', record, 40)).toEqual({ question: '那陇南呢？', history, detail: true, replyTo: 40 });
  });
});
