import { InlineKeyboard } from 'grammy';
import type { Citation } from '../types.js';

/** Telegram's limit on a button's callback data. */
const CALLBACK_DATA_BYTES = 64;

export type CallbackAction =
  | { kind: 'source'; chunkId: string; answerId: string | null }
  | { kind: 'vote'; up: boolean; answerId: string }
  | { kind: 'back'; answerId: string };

/**
 * Buttons carry what they need to work after a restart: a source button the chunk id (resolved
 * from the index), a vote button the answer's id in the feedback store.
 */
/** With the answer's id, a group can be shown the passage in the answer's place and sent back. */
export function sourceData(chunkId: string, answerId: string | null = null): string {
  return answerId ? `src:${chunkId}~${answerId}` : `src:${chunkId}`;
}

export function voteData(up: boolean, answerId: string): string {
  return `vote:${up ? '+' : '-'}:${answerId}`;
}

export function backData(answerId: string): string {
  return `back:${answerId}`;
}

export function parseCallbackData(data: string): CallbackAction | null {
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

/** One button per cited passage (two to a row), then 👍/👎. */
export function answerKeyboard(
  citations: Array<Pick<Citation, 'n' | 'id' | 'headline'> & { url?: string | null }>,
  answerId: string | null,
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
  if (answerId) keyboard.text('👍', voteData(true, answerId)).text('👎', voteData(false, answerId));
  return keyboard;
}

/** Under a source shown in the answer's place: back to the answer. */
export function backKeyboard(answerId: string, lang: 'zh' | 'en'): InlineKeyboard {
  return new InlineKeyboard().text(lang === 'en' ? '⬅ Back to the answer' : '⬅ 返回回答', backData(answerId));
}
