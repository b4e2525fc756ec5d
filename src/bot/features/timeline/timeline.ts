import { Composer, type MiddlewareFn } from 'grammy';
import type { Asking } from '../../../domain/ports.js';
import type { BotContext } from '../../context.js';
import { html as escaped } from '../../i18n.js';
import { timelinePage } from './callback-data.js';
import { canPage, timelineView } from './view.js';

export interface TimelineDeps {
  asking: Pick<Asking, 'timeline'>;
  /** How often one person may ask: a timeline is a search like a question. */
  limiter: MiddlewareFn<BotContext>;
}

const EXTRA = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };

/** /timeline 话题: the reports on a topic in date order, a page at a time, turned with ◀ ▶. */
export function timelineFeature(deps: TimelineDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('timeline', async (ctx) => {
    const topic = ctx.match.trim();
    if (!topic) return void (await ctx.reply(ctx.t('timeline-usage'), EXTRA));
    if (!canPage(topic)) return void (await ctx.reply(ctx.t('timeline-topic-too-long')));
    await deps.limiter(ctx, async () => {
      const timeline = await deps.asking.timeline(topic);
      if (!timeline.entries.length) return void (await ctx.reply(ctx.t('timeline-none', escaped({ topic })), EXTRA));
      const { html, keyboard } = timelineView(timeline, 0, ctx.t);
      await ctx.reply(html, { ...EXTRA, reply_markup: keyboard });
    });
  });

  composer.callbackQuery(timelinePage.trigger, async (ctx) => {
    const tapped = timelinePage.decode(ctx.callbackQuery.data);
    if (!tapped) return void (await ctx.answerCallbackQuery());
    const timeline = await deps.asking.timeline(tapped.topic);
    await ctx.answerCallbackQuery();
    if (!timeline.entries.length)
      return void (await ctx.editMessageText(ctx.t('timeline-none', escaped({ topic: tapped.topic })), EXTRA));
    const { html, keyboard } = timelineView(timeline, tapped.page, ctx.t);
    await ctx.editMessageText(html, { ...EXTRA, reply_markup: keyboard });
  });

  return composer;
}
