import { Composer } from 'grammy';
import type { Asking } from '../../../domain/ports.js';
import type { Chunk } from '../../../domain/types.js';
import type { Feedback } from '../../../state/feedback-store.js';
import type { BotContext } from '../../context.js';
import { claimsCiting } from '../../render/cited.js';
import { formatPassage } from '../../render/format.js';
import { splitMessage } from '../../render/split.js';
import type { Translate } from '../../render/translate.js';
import { passagePayload, startLink } from '../deep-links/start-payload.js';
import { backButton, sourceButton } from './callback-data.js';
import { answerKeyboard } from './keyboard.js';

export interface SourcesDeps {
  asking: Pick<Asking, 'passage'>;
  feedback: Feedback;
}

/** A passage in full, in the reader's words, with what `claims` cite of it marked. */
export function passageView(chunk: Chunk, t: Translate, claims: string[] = []): string[] {
  return splitMessage(formatPassage(chunk, t, claims));
}

/** What the answer a source button is under says, citing that source. */
async function claimsOf(feedback: Feedback, tapped: { chunkId: string; answerId: string | null }): Promise<string[]> {
  const record = tapped.answerId ? await feedback.get(tapped.answerId) : undefined;
  const cited = record?.sources.find((source) => source.id === tapped.chunkId);
  return record && cited ? claimsCiting(record.answer, cited.n) : [];
}

const PASSAGE_EXTRA = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };

/**
 * A passage tapped in a group, for the one who tapped only: the group's answer is everyone's and
 * stays as it is. It comes as a private message where the bot may write to them; otherwise
 * Telegram opens the bot's chat with a link that shows it there.
 */
async function showPrivately(ctx: BotContext, userId: number, chunkId: string, view: string[]): Promise<void> {
  try {
    for (const part of view) await ctx.api.sendMessage(userId, part, PASSAGE_EXTRA);
    await ctx.answerCallbackQuery({ text: ctx.t('passage-sent-privately') });
    return;
  } catch {
    // Not started with the bot, or blocked it: the bot may not write first.
  }
  const payload = passagePayload(chunkId);
  await ctx.answerCallbackQuery(
    payload
      ? { url: startLink(ctx.me.username, payload) }
      : { text: ctx.t('passage-open-bot', { bot: ctx.me.username }), show_alert: true },
  );
}

/** Source buttons: the cited passage in full, to the one who tapped. */
export function sourcesFeature(deps: SourcesDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.callbackQuery(sourceButton.trigger, async (ctx) => {
    const tapped = sourceButton.decode(ctx.callbackQuery.data);
    const chunk = tapped ? await deps.asking.passage(tapped.chunkId) : null;
    if (!tapped || !chunk)
      return void (await ctx.answerCallbackQuery({ text: ctx.t('passage-gone'), show_alert: true }));
    // Sources are buttons in chats only: inline answers link to the passages instead.
    if (!ctx.chat) return void (await ctx.answerCallbackQuery());
    const view = passageView(chunk, ctx.t, await claimsOf(deps.feedback, tapped));
    if (ctx.chat.type !== 'private') return showPrivately(ctx, ctx.callbackQuery.from.id, chunk.id, view);
    await ctx.answerCallbackQuery();
    const message = ctx.callbackQuery.message;
    for (const [i, part] of view.entries()) {
      await ctx.reply(part, {
        ...PASSAGE_EXTRA,
        reply_parameters:
          i === 0 && message ? { message_id: message.message_id, allow_sending_without_reply: true } : undefined,
      });
    }
  });

  // Under passages a group was once shown in the answer's place: the answer back.
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
        ctx.t,
        await deps.feedback.tally(record.id),
      ),
    });
  });

  return composer;
}
