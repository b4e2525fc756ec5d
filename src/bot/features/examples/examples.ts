import { Composer, type MiddlewareFn } from 'grammy';
import type { BotContext } from '../../context.js';
import { html } from '../../i18n.js';
import { answerQuestion, type AnsweringDeps } from '../question/answering.js';
import { exampleButton } from './callback-data.js';
import { tappedQuestion } from './keyboard.js';

/**
 * A tap on an example question (under small talk, /start and /help) asks it, as if typed: said
 * back first, then answered, within the asker's limit.
 */
export function examplesFeature(deps: AnsweringDeps & { limiter: MiddlewareFn<BotContext> }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(exampleButton.trigger, async (ctx) => {
    const data = ctx.callbackQuery.data;
    const question = exampleButton.decode(data) === null ? null : tappedQuestion(ctx.msg?.reply_markup, data);
    await ctx.answerCallbackQuery();
    if (!question) return;
    await deps.limiter(ctx, async () => {
      await ctx.reply(ctx.t('start-question', html({ question })), { parse_mode: 'HTML' });
      await answerQuestion(ctx, question, deps);
    });
  });
  return composer;
}
