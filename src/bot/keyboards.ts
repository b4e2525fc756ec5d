import { InlineKeyboard } from 'grammy';
import type { Citation } from '../types.js';

/** Telegram's limit on a button's callback data. */
const CALLBACK_DATA_BYTES = 64;

export type CallbackAction = { kind: 'source'; chunkId: string } | { kind: 'vote'; up: boolean; answerId: string };

/**
 * Buttons carry what they need to work after a restart: a source button the chunk id (resolved
 * from the index), a vote button the answer's id in the feedback store.
 */
export function sourceData(chunkId: string): string {
  return `src:${chunkId}`;
}

export function voteData(up: boolean, answerId: string): string {
  return `vote:${up ? '+' : '-'}:${answerId}`;
}

export function parseCallbackData(data: string): CallbackAction | null {
  if (data.startsWith('src:') && data.length > 4) return { kind: 'source', chunkId: data.slice(4) };
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

/** One button per cited passage (two to a row), then 👍/👎. */
export function answerKeyboard(citations: Citation[], answerId: string | null): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const buttons = citations.filter((c) => fits(sourceData(c.id)));
  buttons.forEach((c, i) => {
    keyboard.text(`📄 ${c.n} ${shorten(c.headline, 16)}`, sourceData(c.id));
    if (i % 2 === 1 || i === buttons.length - 1) keyboard.row();
  });
  if (answerId) keyboard.text('👍', voteData(true, answerId)).text('👎', voteData(false, answerId));
  return keyboard;
}
