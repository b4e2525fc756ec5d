import { Composer, type MiddlewareFn } from 'grammy';
import { answerQuestion, type AnsweringDeps } from '../question/answering.js';
import type { BotContext } from '../../context.js';
import { html } from '../../i18n.js';
import { parseStartPayload } from './start-payload.js';
import { passageView } from '../sources/sources.js';

/** `/start <payload>` from a t.me link: a question asked, or a passage shown; plain /start falls through to help. */
export function deepLinkFeature(deps: AnsweringDeps & { limiter: MiddlewareFn<BotContext> }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('start', async (ctx, next) => {
    const payload = parseStartPayload(ctx.match);
    if (payload !== 'unknown' && payload.kind === 'help') return next();
    if (payload === 'unknown') return void (await ctx.reply(ctx.t('start-unknown')));
    if (payload.kind === 'question') {
      // A link asks as a message does: within the same per-person limit.
      return deps.limiter(ctx, async () => {
        await ctx.reply(ctx.t('start-question', html({ question: payload.question })), { parse_mode: 'HTML' });
        await answerQuestion(ctx, payload.question, deps);
      });
    }
    const chunk = await deps.asking.passage(payload.id);
    if (!chunk) return void (await ctx.reply(ctx.t('passage-gone')));
    for (const part of passageView(chunk, ctx.t))
      await ctx.reply(part, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });
  return composer;
}
