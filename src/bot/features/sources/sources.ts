import { Composer } from 'grammy';
import type { Chunk, Core } from '../../../domain/types.js';
import type { BotContext } from '../../context.js';
import type { FeedbackStore } from '../../../state/feedback-store.js';
import { formatPassage, splitMessage } from '../../render/format.js';
import { langOf, localeOfSender, scriptOf, type Locale } from '../../i18n.js';
import { answerKeyboard, backKeyboard, parseCallbackData } from '../../render/keyboards.js';

export interface SourcesDeps {
  core: Core;
  feedback: FeedbackStore;
}

/** A passage in full, in the words of `locale`. */
export function passageView(ctx: BotContext, chunk: Chunk, locale: Locale): string[] {
  return splitMessage(
    formatPassage(chunk, langOf(locale), scriptOf(locale), {
      inferred: ctx.t('passage-inferred'),
      open: ctx.t('passage-open'),
    }),
  );
}

/** Source buttons: the cited passage in full, and back to the answer where it took the answer's place. */
export function sourcesFeature(deps: SourcesDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.callbackQuery(/^src:/, async (ctx) => {
    const action = parseCallbackData(ctx.callbackQuery.data);
    const chunk = action?.kind === 'source' ? await deps.core.passage(action.chunkId) : null;
    if (!chunk) return void (await ctx.answerCallbackQuery({ text: ctx.t('passage-gone'), show_alert: true }));
    await ctx.answerCallbackQuery();
    // Sources are buttons in chats only: inline answers link to the passages instead.
    if (!ctx.chat) return;
    const message = ctx.callbackQuery.message;
    const view = passageView(ctx, chunk, localeOfSender(ctx));
    // In a group every tap would post a message for all to scroll past: the passage takes the
    // answer's place instead, with a button back to it.
    const answerId = action?.kind === 'source' ? action.answerId : null;
    if (ctx.chat.type !== 'private' && message && answerId && deps.feedback.get(answerId)?.html && view.length === 1) {
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

  composer.callbackQuery(/^back:/, async (ctx) => {
    const action = parseCallbackData(ctx.callbackQuery.data);
    const record = action?.kind === 'back' ? deps.feedback.get(action.answerId) : undefined;
    if (!record?.html || record.chatId !== ctx.chat?.id)
      return void (await ctx.answerCallbackQuery({ text: ctx.t('passage-gone'), show_alert: true }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(record.html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: answerKeyboard(record.refused ? [] : record.sources, record.id, deps.feedback.tally(record.id)),
    });
  });

  return composer;
}
