import { Composer } from 'grammy';
import type { Asking } from '../../../domain/ports.js';
import type { Chunk } from '../../../domain/types.js';
import type { Feedback } from '../../../state/feedback-store.js';
import type { BotContext } from '../../context.js';
import { formatPassage } from '../../render/format.js';
import { splitMessage } from '../../render/split.js';
import type { Translate } from '../../render/translate.js';
import { backButton, sourceButton } from './callback-data.js';
import { answerKeyboard, backKeyboard } from './keyboard.js';

export interface SourcesDeps {
  asking: Pick<Asking, 'passage'>;
  feedback: Feedback;
}

/** A passage in full, in the reader's words. */
export function passageView(chunk: Chunk, t: Translate): string[] {
  return splitMessage(formatPassage(chunk, t));
}

/** Source buttons: the cited passage in full, and back to the answer where it took the answer's place. */
export function sourcesFeature(deps: SourcesDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.callbackQuery(sourceButton.trigger, async (ctx) => {
    const tapped = sourceButton.decode(ctx.callbackQuery.data);
    const chunk = tapped ? await deps.asking.passage(tapped.chunkId) : null;
    if (!chunk) return void (await ctx.answerCallbackQuery({ text: ctx.t('passage-gone'), show_alert: true }));
    await ctx.answerCallbackQuery();
    // Sources are buttons in chats only: inline answers link to the passages instead.
    if (!ctx.chat) return;
    const message = ctx.callbackQuery.message;
    const view = passageView(chunk, ctx.t);
    // In a group every tap would post a message for all to scroll past: the passage takes the
    // answer's place instead, with a button back to it.
    const answerId = tapped?.answerId ?? null;
    if (
      ctx.chat.type !== 'private' &&
      message &&
      answerId &&
      (await deps.feedback.get(answerId))?.html &&
      view.length === 1
    ) {
      await ctx.editMessageText(view[0], {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: backKeyboard(answerId, ctx.t('back-to-answer')),
      });
      return;
    }
    for (const [i, part] of view.entries()) {
      await ctx.reply(part, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_parameters:
          i === 0 && message ? { message_id: message.message_id, allow_sending_without_reply: true } : undefined,
      });
    }
  });

  composer.callbackQuery(backButton.trigger, async (ctx) => {
    const answerId = backButton.decode(ctx.callbackQuery.data);
    const record = answerId ? await deps.feedback.get(answerId) : undefined;
    if (!record?.html || record.chatId !== ctx.chat?.id)
      return void (await ctx.answerCallbackQuery({ text: ctx.t('passage-gone'), show_alert: true }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(record.html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: answerKeyboard(
        record.refused ? [] : record.sources,
        record.id,
        await deps.feedback.tally(record.id),
      ),
    });
  });

  return composer;
}
