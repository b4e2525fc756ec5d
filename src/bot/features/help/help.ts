import { Composer, type Context } from 'grammy';
import type { Core, IndexStats, PageInfo } from '../../../domain/types.js';
import { publishedLabel, sourceLabel } from '../../../domain/source.js';
import { inScript } from '../../../text/script.js';
import type { BotContext } from '../../context.js';
import { commandList } from './commands.js';
import { escapeHtml, splitMessage } from '../../render/format.js';
import { html, langOf, localeOfSender, scriptOf } from '../../i18n.js';
import type { UsageFigures, UsageLog } from '../../../state/usage.js';

export interface HelpDeps {
  core: Core;
  usage: UsageLog;
  historyTtlMinutes: number;
  isAdmin: (ctx: Context) => boolean;
}

/** The pages' publication dates, newest first; the articles' own dates where none is known. */
function dateList(ctx: BotContext, stats: IndexStats): string {
  const lang = langOf(localeOfSender(ctx));
  const published = stats.published
    .map((date) => publishedLabel(date, lang))
    .filter((label): label is string => !!label);
  const dates = published.length ? published : stats.dates;
  if (!dates.length) return ctx.t('no-dates');
  const shown = dates.slice(0, 8).join(lang === 'en' ? ', ' : '、');
  return inScript(dates.length > 8 ? `${shown}…` : shown, scriptOf(localeOfSender(ctx)));
}

async function helpText(ctx: BotContext, deps: HelpDeps): Promise<string> {
  const stats = await deps.core.stats();
  const admin = deps.isAdmin(ctx);
  const text = ctx.t('help', {
    ...html({ dates: dateList(ctx, stats), bot: ctx.me.username }),
    pages: stats.pages,
    articles: stats.articles,
    ttl: deps.historyTtlMinutes,
    commands: escapeHtml(commandList(admin, (key) => ctx.t(key))),
  });
  return admin ? `${text}\n${ctx.t('help-admin')}` : text;
}

function statsText(ctx: BotContext, s: IndexStats): string {
  return [
    ctx.t('stats-title'),
    ctx.t('stats-pages', { value: s.pages }),
    ctx.t('stats-articles', { value: s.articles }),
    ctx.t('stats-chunks', { value: s.chunks }),
    ctx.t('stats-embedder', html({ value: s.embedder, dim: s.dim })),
    ctx.t('stats-model', html({ value: s.chatModel ?? ctx.t('stats-no-model') })),
    ctx.t('stats-indexed', html({ value: s.indexedAt ?? ctx.t('stats-never') })),
  ].join('\n');
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function usageRow(ctx: BotContext, period: string, f: UsageFigures): string {
  return ctx.t('usage-row', {
    period,
    questions: f.questions,
    answered: percent(f.answered),
    refused: percent(f.refused),
    offline: percent(f.offline),
    p50: f.p50Ms === null ? ctx.t('usage-none') : `${(f.p50Ms / 1000).toFixed(1)} s`,
  });
}

function pagesText(ctx: BotContext, pages: PageInfo[]): string {
  if (!pages.length) return ctx.t('pages-none');
  const locale = localeOfSender(ctx);
  const lang = langOf(locale);
  // A page by where it was printed where that is known; its file name for /remove.
  const lines = pages.map((p) => {
    const label = sourceLabel(p.meta, lang);
    const name = label && inScript(label, scriptOf(locale));
    const dates = p.meta.published ? '' : p.dates.join(lang === 'en' ? ', ' : '、');
    const head = name
      ? `<b>${escapeHtml(name)}</b> · <code>${escapeHtml(p.file)}</code>`
      : `<code>${escapeHtml(p.file)}</code>`;
    return ctx.t('pages-line', {
      head,
      articles: p.articles,
      chunks: p.chunks,
      dates: dates ? escapeHtml(lang === 'en' ? `, ${dates}` : `，${dates}`) : '',
    });
  });
  return [ctx.t('pages-title', { count: pages.length }), ...lines].join('\n');
}

/** /start, /help, /stats (with usage for admins) and /pages. */
export function helpFeature(deps: HelpDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command(['start', 'help'], async (ctx) => {
    await ctx.reply(await helpText(ctx, deps), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });

  composer.command('stats', async (ctx) => {
    const lines = [statsText(ctx, await deps.core.stats())];
    // Usage is the operator's business, not the group's.
    if (deps.isAdmin(ctx) && ctx.chat.type === 'private') {
      const { today, week } = deps.usage.figures();
      lines.push(
        '',
        ctx.t('usage-title'),
        usageRow(ctx, ctx.t('usage-today'), today),
        usageRow(ctx, ctx.t('usage-week'), week),
      );
    }
    await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
  });

  composer.command('pages', async (ctx) => {
    for (const part of splitMessage(pagesText(ctx, await deps.core.pages())))
      await ctx.reply(part, { parse_mode: 'HTML' });
  });

  return composer;
}
