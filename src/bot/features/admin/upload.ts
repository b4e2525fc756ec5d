import type { Filter, NextFunction } from 'grammy';
import type { Library } from '../../../domain/ports.js';
import { isReportName } from '../../../domain/report-files.js';
import type { BotContext } from '../../context.js';
import { html } from '../../i18n.js';
import { startIndexJob, type IndexJobDeps } from './index-job.js';

export interface UploadDeps extends IndexJobDeps {
  library: Pick<Library, 'busy' | 'addPage'>;
  isAdmin: (ctx: BotContext) => boolean;
  /** Larger uploads are refused before they are read. */
  maxUploadBytes: number;
  /** Reads a file Telegram holds, by the `file_path` getFile gave. */
  download: (filePath: string) => Promise<Uint8Array>;
}

/**
 * A document sent to the bot: a page an admin adds to the index, or, with a question in its
 * caption, a question (handed on).
 */
export async function onDocument(
  ctx: Filter<BotContext, 'message:document'>,
  next: NextFunction,
  deps: UploadDeps,
): Promise<void> {
  const document = ctx.message.document;
  const name = document.file_name ?? '';
  // A file with a question in its caption, from anyone, is a question.
  if (!deps.isAdmin(ctx)) {
    if (ctx.message.caption) return next();
    // In a group a file is usually meant for the people there, not for the bot.
    if (ctx.chat.type === 'private') await ctx.reply(ctx.t('admin-only'));
    return;
  }
  if (!isReportName(name)) {
    if (ctx.message.caption) return next();
    return void (await ctx.reply(ctx.t('not-text', html({ name: name || document.mime_type || '?' })), {
      parse_mode: 'HTML',
    }));
  }
  const limit = deps.maxUploadBytes;
  if (document.file_size !== undefined && document.file_size > limit)
    return void (await ctx.reply(ctx.t('too-large', { size: String(document.file_size), limit: String(limit) })));
  if (deps.library.busy) return void (await ctx.reply(ctx.t('busy')));
  const file = await ctx.getFile();
  if (!file.file_path) throw new Error(`getFile gave no file_path for ${name}`);
  const bytes = await deps.download(file.file_path);
  if (bytes.byteLength > limit)
    return void (await ctx.reply(ctx.t('too-large', { size: String(bytes.byteLength), limit: String(limit) })));
  const started = startIndexJob(ctx, deps, ctx.t('adding', html({ file: name })), async () => ({
    summary: await deps.library.addPage(name, bytes, ctx.message.caption),
    what: ctx.t('added', { file: name }),
  }));
  if (!started) await ctx.reply(ctx.t('busy'));
}
