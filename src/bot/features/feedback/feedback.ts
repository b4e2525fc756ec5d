import { Composer, type Context } from 'grammy';
import type { Feedback, VoteEntry } from '../../../state/feedback-store.js';
import type { BotContext } from '../../context.js';
import { html } from '../../i18n.js';
import { shorten } from '../../render/text.js';
import { downvotePageButton, voteButton } from './callback-data.js';
import { downvotePager, withTally } from './keyboard.js';

export interface FeedbackDeps {
  feedback: Feedback;
  isAdmin: (ctx: Context) => boolean;
}

/** Readers' questions and answers are shown to an admin in a private chat only, never to a group. */
function mayReadFeedback(ctx: BotContext, deps: FeedbackDeps): boolean {
  return deps.isAdmin(ctx) && ctx.chat?.type === 'private';
}

/** One 👎 of `entries` for /feedback: what was asked, answered and cited. */
function downvoteView(ctx: BotContext, entries: VoteEntry[], index: number): string {
  const entry = entries[index];
  const sources = entry.sources.map((s) => `[${s.n}] ${s.headline}${s.date ? ` · ${s.date}` : ''}`).join('; ');
  return [
    ctx.t(
      'feedback-title',
      html({ n: index + 1, total: entries.length, time: entry.time.slice(0, 16).replace('T', ' ') }),
    ),
    ctx.t('feedback-question', html({ question: shorten(entry.question ?? '?', 300) })),
    ctx.t('feedback-answer', html({ answer: shorten(entry.answer ?? '?', 1500) })),
    sources ? ctx.t('feedback-sources', html({ sources: shorten(sources, 800) })) : ctx.t('feedback-no-sources'),
  ].join('\n');
}

function pager(ctx: BotContext, index: number, total: number) {
  return downvotePager(index, total, { previous: ctx.t('previous'), next: ctx.t('next') });
}

/** 👍/👎 under answers (one vote per person, shown on the buttons), and /feedback for admins. */
export function feedbackFeature(deps: FeedbackDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.callbackQuery(voteButton.trigger, async (ctx) => {
    const vote = voteButton.decode(ctx.callbackQuery.data);
    const message = ctx.callbackQuery.message;
    if (!vote || !ctx.chat) return void (await ctx.answerCallbackQuery());
    const result = await deps.feedback.vote({
      answerId: vote.answerId,
      up: vote.up,
      userId: ctx.from.id,
      chatId: ctx.chat.id,
      messageId: message?.message_id ?? null,
    });
    if (result.outcome === 'unknown') return void (await ctx.answerCallbackQuery({ text: ctx.t('vote-gone') }));
    const thanks = result.outcome === 'changed' ? 'vote-changed' : vote.up ? 'vote-up' : 'vote-down';
    await ctx.answerCallbackQuery({ text: ctx.t(thanks) });
    if (result.outcome === 'same' || !message) return;
    // Best effort: the buttons show the count; the vote is kept either way.
    await ctx
      .editMessageReplyMarkup({ reply_markup: withTally(message.reply_markup, result.tally) })
      .catch(() => undefined);
  });

  composer.command('feedback', async (ctx) => {
    if (!mayReadFeedback(ctx, deps)) return void (await ctx.reply(ctx.t('admin-private')));
    const entries = await deps.feedback.downvoted();
    if (!entries.length) return void (await ctx.reply(ctx.t('feedback-none')));
    await ctx.reply(downvoteView(ctx, entries, 0), {
      parse_mode: 'HTML',
      reply_markup: pager(ctx, 0, entries.length),
    });
  });

  composer.callbackQuery(downvotePageButton.trigger, async (ctx) => {
    const wanted = downvotePageButton.decode(ctx.callbackQuery.data);
    if (!mayReadFeedback(ctx, deps))
      return void (await ctx.answerCallbackQuery({ text: ctx.t('admin-private'), show_alert: true }));
    const entries = await deps.feedback.downvoted();
    const index = wanted !== null ? Math.min(wanted, entries.length - 1) : -1;
    await ctx.answerCallbackQuery();
    if (index < 0) return void (await ctx.editMessageText(ctx.t('feedback-none')));
    await ctx.editMessageText(downvoteView(ctx, entries, index), {
      parse_mode: 'HTML',
      reply_markup: pager(ctx, index, entries.length),
    });
  });

  return composer;
}
