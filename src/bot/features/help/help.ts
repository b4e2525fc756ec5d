import { Composer, type Context } from 'grammy';
import type { Asking, Library, Operations } from '../../../domain/ports.js';
import type { IndexStats, PageInfo } from '../../../domain/types.js';
import type { BotContext } from '../../context.js';
import { html, scriptOfSender } from '../../i18n.js';
import { escapeHtml } from '../../render/html.js';
import { publishedLabel, sourceLabel } from '../../render/source.js';
import { splitMessage } from '../../render/split.js';
import { examplesKeyboard } from '../examples/keyboard.js';
import { commandList } from './commands.js';

export interface HelpDeps {
  operations: Pick<Operations, 'stats'>;
  /** Example questions from the newest reports, as buttons under /start and /help. */
  asking: Pick<Asking, 'examples'>;
  library: Pick<Library, 'pages'>;
  historyTtlMinutes: number;
  isAdmin: (ctx: Context) => boolean;
}

/** The pages' publication dates, newest first; the articles' own dates where none is known. */
function dateList(ctx: BotContext, stats: IndexStats): string {
  const published = stats.published
    .map((date) => publishedLabel(date, ctx.t))
    .filter((label): label is string => !!label);
  const dates = published.length ? published : stats.dates;
  if (!dates.length) return ctx.t('no-dates');
  const shown = dates.slice(0, 8).join(ctx.t('list-separator'));
  return dates.length > 8 ? `${shown}…` : shown;
}

async function helpText(ctx: BotContext, deps: HelpDeps): Promise<string> {
  const stats = await deps.operations.stats();
  const admin = deps.isAdmin(ctx);
  const text = ctx.t('help', {
    ...html({ dates: dateList(ctx, stats), bot: ctx.me.username }),
    pages: stats.pages,
    articles: stats.articles,
    ttl: deps.historyTtlMinutes,
    commands: escapeHtml(commandList(admin, (key) => ctx.t(key))),
  });
  // Offline answers no longer say so each time: the help says it once, for whoever wonders why.
  const offline = stats.chatModel ? text : `${text}\n${ctx.t('help-offline')}`;
  return admin ? `${offline}\n${ctx.t('help-admin')}` : offline;
}

function pagesText(ctx: BotContext, pages: PageInfo[]): string {
  if (!pages.length) return ctx.t('pages-none');
  // A page by where it was printed where that is known; its file name for /remove.
  const lines = pages.map((p) => {
    const name = sourceLabel(p.meta, ctx.t);
    const dates = p.meta.published ? '' : p.dates.join(ctx.t('list-separator'));
    const head = name
      ? `<b>${escapeHtml(name)}</b> · <code>${escapeHtml(p.file)}</code>`
      : `<code>${escapeHtml(p.file)}</code>`;
    return ctx.t('pages-line', {
      head,
      articles: p.articles,
      chunks: p.chunks,
      dates: dates ? escapeHtml(ctx.t('pages-dates', { dates })) : '',
    });
  });
  return [ctx.t('pages-title', { count: pages.length }), ...lines].join('\n');
}

/** /start, /help and /pages. */
export function helpFeature(deps: HelpDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command(['start', 'help'], async (ctx) => {
    // Examples are an extra: /start and /help answer without them when the index cannot be read.
    const examples = await deps.asking.examples({ script: scriptOfSender(ctx) }).catch(() => []);
    const text = await helpText(ctx, deps);
    await ctx.reply(examples.length ? `${text}\n\n${ctx.t('small-talk-examples')}` : text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: examplesKeyboard(examples),
    });
  });

  composer.command('pages', async (ctx) => {
    for (const part of splitMessage(pagesText(ctx, await deps.library.pages())))
      await ctx.reply(part, { parse_mode: 'HTML' });
  });

  return composer;
}
