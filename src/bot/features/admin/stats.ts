import { Composer, type Context } from 'grammy';
import type { Operations } from '../../../domain/ports.js';
import type { IndexStats } from '../../../domain/types.js';
import type { Usage, UsageFigures } from '../../../state/usage.js';
import type { BotContext } from '../../context.js';
import { html, localeOfSender } from '../../i18n.js';

export interface StatsDeps {
  operations: Pick<Operations, 'stats'>;
  usage: Usage;
  isAdmin: (ctx: Context) => boolean;
}

/**
 * A moment as the reader's locale writes a date and time ("12月5日 11:09", "December 5 at
 * 11:09"), in `timeZone` (by default the process's own, as TZ sets it); the year only when it is
 * not `now`'s.
 */
export function localTime(at: Date, locale: string, now: Date, timeZone?: string): string {
  const year = (date: Date) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(date);
  return new Intl.DateTimeFormat(locale, {
    year: year(at) === year(now) ? undefined : 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

function indexedAt(ctx: BotContext, iso: string | null): string {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return ctx.t('stats-never');
  return localTime(at, localeOfSender(ctx), new Date());
}

function statsText(ctx: BotContext, s: IndexStats): string {
  return [
    ctx.t('stats-title'),
    ctx.t('stats-pages', { value: s.pages }),
    ctx.t('stats-articles', { value: s.articles }),
    ctx.t('stats-chunks', { value: s.chunks }),
    ctx.t('stats-embedder', html({ value: s.embedder, dim: s.dim })),
    ctx.t('stats-model', html({ value: s.chatModel ?? ctx.t('stats-no-model') })),
    ctx.t('stats-indexed', html({ value: indexedAt(ctx, s.indexedAt) })),
  ].join('\n');
}

/** "今天 12 个问题：9 个有答案（3 个离线），3 个报道中没有，中位用时 0.4 秒". */
function usageRow(ctx: BotContext, period: string, f: UsageFigures): string {
  return ctx.t('usage-row', {
    period,
    questions: f.questions,
    answered: f.answered,
    offline: f.offline,
    refused: f.refused,
    p50: f.p50Ms === null ? '' : (f.p50Ms / 1000).toFixed(1),
  });
}

/** /stats: the index for everyone; how readers' questions fared for admins, in private. */
export function statsFeature(deps: StatsDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('stats', async (ctx) => {
    const lines = [statsText(ctx, await deps.operations.stats())];
    // Usage is the operator's business, not the group's.
    if (deps.isAdmin(ctx) && ctx.chat.type === 'private') {
      const { today, week } = await deps.usage.figures();
      lines.push(
        '',
        ctx.t('usage-title'),
        usageRow(ctx, ctx.t('usage-today'), today),
        usageRow(ctx, ctx.t('usage-week'), week),
      );
    }
    await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
  });

  return composer;
}
