import type { InlineKeyboard } from 'grammy';
import type { Translate } from '../../render/translate.js';
import { answerActionButton } from './callback-data.js';

/**
 * 🔄 and "more detail" as a last row under a model's answer. A fuller answer is offered 🔄 only:
 * it already reads the passages a fuller answer would.
 */
export function addAnswerActions(keyboard: InlineKeyboard, answerId: string, t: Translate, detailed: boolean) {
  keyboard.row().text('🔄', answerActionButton.encode({ action: 'again', answerId }));
  if (!detailed) keyboard.text(t('answer-more-detail'), answerActionButton.encode({ action: 'detail', answerId }));
  return keyboard;
}
