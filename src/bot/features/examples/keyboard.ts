import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { exampleButton } from './callback-data.js';

/** One example question a row, labelled with the question itself. */
export function examplesKeyboard(questions: string[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const [i, question] of questions.entries()) keyboard.text(question, exampleButton.encode(i)).row();
  return keyboard;
}

/** Questions to ask next, one a row under an answer's buttons: a tap asks one, as an example's does. */
export function addQuestionButtons(keyboard: InlineKeyboard, questions: string[]): InlineKeyboard {
  for (const [i, question] of questions.entries()) keyboard.row().text(question, exampleButton.encode(i));
  return keyboard;
}

/** The question of the example button carrying `data`, read from the message's keyboard. */
export function tappedQuestion(markup: InlineKeyboardMarkup | undefined, data: string): string | null {
  const buttons = markup?.inline_keyboard.flat() ?? [];
  const tapped = buttons.find((button) => 'callback_data' in button && button.callback_data === data);
  return tapped?.text.trim() || null;
}
