import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { downvotePageButton, voteButton } from './callback-data.js';

export interface Tally {
  up: number;
  down: number;
}

function voteLabel(emoji: string, count: number): string {
  return count ? `${emoji} ${count}` : emoji;
}

/** 👍/👎 with how many chose each, added as the last row of `keyboard`. */
export function addVoteButtons(keyboard: InlineKeyboard, answerId: string, tally: Tally): InlineKeyboard {
  return keyboard
    .text(voteLabel('👍', tally.up), voteButton.encode({ up: true, answerId }))
    .text(voteLabel('👎', tally.down), voteButton.encode({ up: false, answerId }));
}

/**
 * A message's keyboard with its vote buttons showing `tally`; the other buttons as they were. Read
 * from the message Telegram sends with the tap, so it works for answers the store has forgotten.
 */
export function withTally(markup: InlineKeyboardMarkup | undefined, tally: Tally): InlineKeyboard {
  const rows = (markup?.inline_keyboard ?? []).map((row) =>
    row.map((button) => {
      if (!('callback_data' in button) || !button.callback_data) return button;
      const vote = voteButton.decode(button.callback_data);
      if (!vote) return button;
      return { ...button, text: voteLabel(vote.up ? '👍' : '👎', vote.up ? tally.up : tally.down) };
    }),
  );
  return new InlineKeyboard(rows);
}

/** ◀/▶ between the 👎 answers of /feedback. */
export function downvotePager(
  index: number,
  total: number,
  labels: { previous: string; next: string },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (index > 0) keyboard.text(labels.previous, downvotePageButton.encode(index - 1));
  if (index + 1 < total) keyboard.text(labels.next, downvotePageButton.encode(index + 1));
  return keyboard;
}
