import { Composer, type Context } from 'grammy';
import type { Library } from '../../../domain/ports.js';
import type { BotContext } from '../../context.js';
import { html } from '../../i18n.js';
import { removeButton } from './callback-data.js';
import { startIndexJob } from './index-job.js';
import type { LiveMessage } from '../../render/live.js';
import { confirmation, onRemoveTap, picker, type RemoveDeps } from './remove-picker.js';
import { onDocument, type UploadDeps } from './upload.js';

/** What /reindex, /remove and uploads need: the page library, and where to run and report changes. */
export interface AdminDeps extends RemoveDeps, UploadDeps {
  library: Library;
}

export function isAdmin(adminUserIds: number[], ctx: Context): boolean {
  return ctx.from !== undefined && adminUserIds.includes(ctx.from.id);
}

/** A reindex asked for while one runs joins it, rather than being refused: never busy. */
function reindexJob(ctx: BotContext, deps: AdminDeps): void {
  const job = async (live: LiveMessage) => ({
    summary: await deps.library.reindex({
      onProgress: (p) => {
        const stage = ctx.t(`progress-${p.stage}`, {
          done: p.pagesDone,
          total: p.pagesTotal,
          embedded: p.chunksEmbedded,
        });
        live.update(ctx.t('progress', { stage }));
      },
    }),
  });
  startIndexJob(ctx, deps, ctx.t('reindex-started'), job, true);
}

/** /reindex, /remove (by name, or picked and confirmed) and document uploads: admins only. */
export function adminFeature(deps: AdminDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admin = deps.isAdmin;

  composer.command('reindex', async (ctx) => {
    if (!admin(ctx)) return void (await ctx.reply(ctx.t('admin-only')));
    reindexJob(ctx, deps);
  });

  composer.command('remove', async (ctx) => {
    if (!admin(ctx)) return void (await ctx.reply(ctx.t('admin-only')));
    const file = ctx.match.trim();
    const pages = await deps.library.pages();
    // A page named is confirmed as one picked is: the same question, the same buttons.
    if (file) {
      if (!pages.some((p) => p.file === file))
        return void (await ctx.reply(ctx.t('remove-unknown', html({ file })), { parse_mode: 'HTML' }));
      const { text, keyboard } = confirmation(ctx, file);
      return void (await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard }));
    }
    if (!pages.length) return void (await ctx.reply(ctx.t('remove-none')));
    const { text, keyboard } = picker(ctx, pages, 0);
    await ctx.reply(text, { reply_markup: keyboard });
  });

  composer.callbackQuery(removeButton.trigger, async (ctx) => {
    if (!admin(ctx)) return void (await ctx.answerCallbackQuery({ text: ctx.t('admin-only'), show_alert: true }));
    await onRemoveTap(ctx, deps);
  });

  composer.on('message:document', (ctx, next) => onDocument(ctx, next, deps));

  return composer;
}
