import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Citation } from '../../domain/types.js';

/** Telegram's limit on a button's callback data. */
const CALLBACK_DATA_BYTES = 64;

export type CallbackAction =
  | { kind: 'source'; chunkId: string; answerId: string | null }
  | { kind: 'vote'; up: boolean; answerId: string }
  | { kind: 'back'; answerId: string }
  | { kind: 'stop'; runId: string }
  /** The /remove picker: a page of the list, a page chosen (by its name's hash), confirmed, or kept. */
  | { kind: 'remove-page'; page: number }
  | { kind: 'remove-ask'; hash: string }
  | { kind: 'remove-confirm'; hash: string }
  | { kind: 'remove-keep' }
  | { kind: 'feedback'; index: number };

/**
 * Buttons carry what they need to work after a restart: a source button the chunk id (resolved
 * from the index), a vote button the answer's id in the feedback store. With the answer's id, a group can be shown the passage in the answer's place and sent back. */
export function sourceData(chunkId: string, answerId: string | null = null): string {
  return answerId ? `src:${chunkId}~${answerId}` : `src:${chunkId}`;
}

export function voteData(up: boolean, answerId: string): string {
  return `vote:${up ? '+' : '-'}:${answerId}`;
}

export function backData(answerId: string): string {
  return `back:${answerId}`;
}

export function stopData(runId: string): string {
  return `stop:${runId}`;
}

export function parseCallbackData(data: string): CallbackAction | null {
  const stop = /^stop:(\w+)$/.exec(data);
  if (stop) return { kind: 'stop', runId: stop[1] };
  const remove = /^rm(?::p(\d{1,4})|\?(\w+)|!(\w+)|:(x))$/.exec(data);
  if (remove) {
    if (remove[1] !== undefined) return { kind: 'remove-page', page: Number(remove[1]) };
    if (remove[2] !== undefined) return { kind: 'remove-ask', hash: remove[2] };
    if (remove[3] !== undefined) return { kind: 'remove-confirm', hash: remove[3] };
    return { kind: 'remove-keep' };
  }
  const feedback = /^fb:(\d{1,6})$/.exec(data);
  if (feedback) return { kind: 'feedback', index: Number(feedback[1]) };
  const back = /^back:(\w+)$/.exec(data);
  if (back) return { kind: 'back', answerId: back[1] };
  const source = /^src:([^~]+)(?:~(\w+))?$/.exec(data);
  if (source) return { kind: 'source', chunkId: source[1], answerId: source[2] ?? null };
  const vote = /^vote:([+-]):(\w+)$/.exec(data);
  if (vote) return { kind: 'vote', up: vote[1] === '+', answerId: vote[2] };
  return null;
}

function fits(data: string): boolean {
  return Buffer.byteLength(data, 'utf8') <= CALLBACK_DATA_BYTES;
}

export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** One button per cited passage (two to a row), then 👍/👎 with how many chose each. */
export function answerKeyboard(
  citations: Array<Pick<Citation, 'n' | 'id' | 'headline'> & { url?: string | null }>,
  answerId: string | null,
  tally: { up: number; down: number } = { up: 0, down: 0 },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const buttons = citations.filter((c) => fits(sourceData(c.id, answerId)));
  buttons.forEach((c, i) => {
    keyboard.text(`📄 ${c.n} ${shorten(c.headline, 16)}`, sourceData(c.id, answerId));
    if (i % 2 === 1 || i === buttons.length - 1) keyboard.row();
  });
  // The page as printed, in the e-paper, where the page gives its link.
  const linked = citations.filter((c) => c.url);
  for (const c of linked) keyboard.url(`🔗 ${c.n}`, c.url!);
  if (linked.length) keyboard.row();
  if (answerId)
    keyboard
      .text(voteLabel('👍', tally.up), voteData(true, answerId))
      .text(voteLabel('👎', tally.down), voteData(false, answerId));
  return keyboard;
}

function voteLabel(emoji: string, count: number): string {
  return count ? `${emoji} ${count}` : emoji;
}

/** Under a source shown in the answer's place: back to the answer. */
export function backKeyboard(answerId: string, label: string): InlineKeyboard {
  return new InlineKeyboard().text(label, backData(answerId));
}

/** Under an answer being written: stop it. */
export function stopKeyboard(runId: string, label: string): InlineKeyboard {
  return new InlineKeyboard().text(label, stopData(runId));
}

/**
 * A message's keyboard with its vote buttons showing `tally`; the other buttons as they were. Read
 * from the message Telegram sends with the tap, so it works for answers the store has forgotten.
 */
export function withTally(
  markup: InlineKeyboardMarkup | undefined,
  tally: { up: number; down: number },
): InlineKeyboard {
  const rows = (markup?.inline_keyboard ?? []).map((row) =>
    row.map((button) => {
      if (!('callback_data' in button) || !button.callback_data) return button;
      const vote = parseCallbackData(button.callback_data);
      if (vote?.kind !== 'vote') return button;
      return { ...button, text: voteLabel(vote.up ? '👍' : '👎', vote.up ? tally.up : tally.down) };
    }),
  );
  return new InlineKeyboard(rows);
}
