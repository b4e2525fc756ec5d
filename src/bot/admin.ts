import { Composer, type Api, type Context } from 'grammy';
import type { Config } from '../config.js';
import { BusyError, UserError, type Core, type IndexSummary } from '../types.js';
import { langOfSender, t, type Lang } from './i18n.js';
import { LiveMessage } from './live.js';
import type { Tasks } from './tasks.js';
import { isReportName } from '../ingest/report.js';
import type { Log } from '../observe/log.js';

export interface AdminDeps {
  core: Core;
  config: Config;
  /** Work outliving its update: stopping the bot waits for it. */
  tasks: Tasks;
  /** Reads a file Telegram holds, by the `file_path` getFile gave. */
  download: (filePath: string) => Promise<Uint8Array>;
  log: Log;
  mask: (text: string) => string;
}

export function isAdmin(config: Config, ctx: Context): boolean {
  return ctx.from !== undefined && config.adminUserIds.includes(ctx.from.id);
}

/**
 * Runs a change to the index in the background — the chat keeps being answered meanwhile — and
 * shows its progress in one message that ends with the counts, or with why it failed.
 */
function startIndexJob(
  ctx: Context,
  deps: AdminDeps,
  lang: Lang,
  opening: string,
  job: (live: LiveMessage) => Promise<{ summary: IndexSummary; what?: string }>,
): boolean {
  const api: Api = ctx.api;
  const chatId = ctx.chat!.id;
  // The core runs one change at a time and refuses a second; asking first spares the download
  // and the progress message of a change that would be refused.
  if (deps.core.busy) return false;
  void deps.tasks
    .run(async () => {
      const message = await api.sendMessage(chatId, opening, { parse_mode: 'HTML' });
      const live = new LiveMessage(api, chatId, { messageId: message.message_id, intervalMs: 1_500, log: deps.log });
      let final: string;
      try {
        const { summary, what } = await job(live);
        final = t.indexed(lang, summary, what);
      } catch (error) {
        if (!(error instanceof UserError)) deps.log.error({ err: error }, 'index job failed');
        final =
          error instanceof BusyError
            ? t.busy(lang)
            : t.failed(lang, deps.mask(error instanceof UserError ? error.in(lang) : (error as Error).message));
      }
      await live.stop();
      try {
        await api.editMessageText(chatId, message.message_id, final, { parse_mode: 'HTML' });
      } catch {
        await api.sendMessage(chatId, final, { parse_mode: 'HTML' });
      }
    })
    .catch((error: Error) => deps.log.error({ err: error }, 'index job failed'));
  return true;
}

/** /reindex, /remove and document uploads: admins only. */
export function adminCommands(deps: AdminDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('reindex', async (ctx) => {
    if (!isAdmin(deps.config, ctx)) return void (await ctx.reply(t.adminOnly(langOfSender(ctx))));
    const started = startIndexJob(ctx, deps, langOfSender(ctx), t.reindexStarted(langOfSender(ctx)), async (live) => ({
      summary: await deps.core.reindex({
        onProgress: (progress) => live.update(t.progress(langOfSender(ctx), progress)),
      }),
    }));
    if (!started) await ctx.reply(t.busy(langOfSender(ctx)));
  });

  composer.command('remove', async (ctx) => {
    if (!isAdmin(deps.config, ctx)) return void (await ctx.reply(t.adminOnly(langOfSender(ctx))));
    const file = ctx.match.trim();
    if (!file) return void (await ctx.reply(t.removeUsage(langOfSender(ctx))));
    const started = startIndexJob(ctx, deps, langOfSender(ctx), t.removing(langOfSender(ctx), file), async () => ({
      summary: await deps.core.removePage(file),
      what: t.removed(langOfSender(ctx), file),
    }));
    if (!started) await ctx.reply(t.busy(langOfSender(ctx)));
  });

  composer.on('message:document', async (ctx) => {
    if (!isAdmin(deps.config, ctx)) {
      // In a group a file is usually meant for the people there, not for the bot.
      if (ctx.chat.type === 'private') await ctx.reply(t.adminOnly(langOfSender(ctx)));
      return;
    }
    const document = ctx.message.document;
    const name = document.file_name ?? '';
    if (!isReportName(name))
      return void (await ctx.reply(t.notText(langOfSender(ctx), name || document.mime_type || '?'), {
        parse_mode: 'HTML',
      }));
    const limit = deps.config.maxUploadBytes;
    if (document.file_size !== undefined && document.file_size > limit) {
      return void (await ctx.reply(t.tooLarge(langOfSender(ctx), document.file_size, limit)));
    }
    if (deps.core.busy) return void (await ctx.reply(t.busy(langOfSender(ctx))));
    const file = await ctx.getFile();
    if (!file.file_path) throw new Error(`getFile gave no file_path for ${name}`);
    const bytes = await deps.download(file.file_path);
    if (bytes.byteLength > limit) return void (await ctx.reply(t.tooLarge(langOfSender(ctx), bytes.byteLength, limit)));
    const started = startIndexJob(ctx, deps, langOfSender(ctx), t.adding(langOfSender(ctx), name), async () => ({
      summary: await deps.core.addPage(name, bytes, ctx.message.caption),
      what: t.added(langOfSender(ctx), name),
    }));
    if (!started) await ctx.reply(t.busy(langOfSender(ctx)));
  });

  return composer;
}

const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Downloads from the Bot API's file endpoint, refusing more than `maxBytes`. */
export function fileDownloader(
  apiRoot: string,
  token: string,
  maxBytes: number,
): (filePath: string) => Promise<Uint8Array> {
  return async (filePath) => {
    // A stalled download must not hold the chat, nor shutdown, for ever.
    const response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`, {
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`file download failed: HTTP ${response.status}`);
    const tooLarge = (bytes: number) =>
      new UserError(
        `the file is too large: ${bytes} bytes, the limit is ${maxBytes}`,
        `文件太大：${bytes} 字节，上限 ${maxBytes} 字节`,
      );
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw tooLarge(declared);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > maxBytes) throw tooLarge(body.byteLength);
    return body;
  };
}
