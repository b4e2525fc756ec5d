import { createHash } from 'node:crypto';
import { Composer, InlineKeyboard, type Api, type Context } from 'grammy';
import type { Config } from '../../../app/config.js';
import { BusyError, UserError, type Core, type IndexSummary, type PageInfo } from '../../../domain/types.js';
import { isReportName } from '../../../ingest/report.js';
import { sourceLabel } from '../../../domain/source.js';
import type { Log } from '../../../observe/log.js';
import { userMessage } from '../question/answering.js';
import type { BotContext } from '../../context.js';
import { html, langOfSender, localeOfSender, type Locale } from '../../i18n.js';
import { parseCallbackData, shorten } from '../../render/keyboards.js';
import { LiveMessage } from '../../render/live.js';
import type { Tasks } from '../../tasks.js';
import type { ProgressMessage, ProgressMessages } from '../../../state/progress-messages.js';

export interface AdminDeps {
  core: Core;
  config: Config;
  /** Work outliving its update: stopping the bot waits for it. */
  tasks: Tasks;
  /** Reads a file Telegram holds, by the `file_path` getFile gave. */
  download: (filePath: string) => Promise<Uint8Array>;
  log: Log;
  mask: (text: string) => string;
  /** Progress messages of changes not finished yet, kept so that the next start can close them. */
  progress: ProgressMessages;
}

export function isAdmin(config: Config, ctx: Context): boolean {
  return ctx.from !== undefined && config.adminUserIds.includes(ctx.from.id);
}

/** Pages shown per screen of the /remove picker. */
const PICKER_PAGE = 8;

/** A page's name in callback data, which holds 64 bytes where a file name may not fit. */
export function pickerKey(file: string): string {
  return createHash('sha256').update(file).digest('hex').slice(0, 16);
}

/**
 * Runs a change to the index in the background — the chat keeps being answered meanwhile — and
 * shows its progress in one message that ends with the counts, or with why it failed.
 */
function startIndexJob(
  ctx: BotContext,
  deps: AdminDeps,
  opening: string,
  job: (live: LiveMessage) => Promise<{ summary: IndexSummary; what?: string }>,
  joinsReindex = false,
): boolean {
  const api: Api = ctx.api;
  const chatId = ctx.chat!.id;
  // The core runs one change at a time and refuses a second (a reindex joins the one running);
  // asking first spares the download and the progress message of a change that would be refused.
  if (deps.core.busy && !joinsReindex) return false;
  void deps.tasks
    .run(async () => {
      const message = await api.sendMessage(chatId, opening, { parse_mode: 'HTML' });
      const progress: ProgressMessage = { chatId, messageId: message.message_id, locale: localeOfSender(ctx) };
      const listed = deps.progress
        .add(progress)
        .catch((error: Error) => deps.log.warn({ err: error }, 'a restart now would leave the progress message at ⏳'));
      const live = new LiveMessage(api, chatId, { messageId: message.message_id, intervalMs: 1_500, log: deps.log });
      let final: string;
      try {
        const { summary, what } = await job(live);
        final = indexedText(ctx, summary, what);
      } catch (error) {
        if (!(error instanceof UserError)) deps.log.error({ err: error }, 'index job failed');
        final =
          error instanceof BusyError
            ? ctx.t('busy')
            : ctx.t(
                'failed',
                html({
                  reason: deps.mask(
                    error instanceof UserError ? userMessage(error, localeOfSender(ctx)) : (error as Error).message,
                  ),
                }),
              );
      }
      await live.stop();
      try {
        await api.editMessageText(chatId, message.message_id, final, { parse_mode: 'HTML' });
      } catch {
        await api.sendMessage(chatId, final, { parse_mode: 'HTML' });
      }
      await listed;
      await deps.progress.remove(progress);
    })
    .catch((error: Error) => deps.log.error({ err: error }, 'index job failed'));
  return true;
}

function indexedText(ctx: BotContext, s: IndexSummary, what?: string): string {
  const counts = { pages: s.pages, articles: s.articles, chunks: s.chunks, seconds: s.seconds.toFixed(1) };
  const head = what ? ctx.t('indexed-after', html({ ...counts, what })) : ctx.t('indexed', counts);
  const skipped = s.skipped.map((k) => `\n${ctx.t('skipped', html({ file: k.file, reason: k.reason }))}`);
  return head + skipped.join('');
}

/** A reindex asked for while one runs joins it, rather than being refused: never busy. */
function reindexJob(ctx: BotContext, deps: AdminDeps): void {
  const job = async (live: LiveMessage) => ({
    summary: await deps.core.reindex({
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

function removeJob(ctx: BotContext, deps: AdminDeps, file: string): boolean {
  return startIndexJob(ctx, deps, ctx.t('removing', html({ file })), async () => ({
    summary: await deps.core.removePage(file),
    what: ctx.t('removed', { file }),
  }));
}

/** A screen of the /remove picker: one button per page, paged. */
function picker(ctx: BotContext, pages: PageInfo[], page: number): { text: string; keyboard: InlineKeyboard } {
  const screens = Math.max(1, Math.ceil(pages.length / PICKER_PAGE));
  const at = Math.min(Math.max(0, page), screens - 1);
  const keyboard = new InlineKeyboard();
  for (const p of pages.slice(at * PICKER_PAGE, (at + 1) * PICKER_PAGE)) {
    const label = sourceLabel(p.meta, langOfSender(ctx));
    keyboard.text(shorten(label ? `${label} · ${p.file}` : p.file, 48), `rm?${pickerKey(p.file)}`).row();
  }
  if (at > 0) keyboard.text(ctx.t('previous'), `rm:p${at - 1}`);
  if (at + 1 < screens) keyboard.text(ctx.t('next'), `rm:p${at + 1}`);
  if (screens > 1) keyboard.row();
  keyboard.text(ctx.t('remove-no'), 'rm:x');
  return { text: ctx.t('remove-pick', { page: at + 1, pages: screens }), keyboard };
}

/** /reindex, /remove (by name, or picked and confirmed) and document uploads: admins only. */
export function adminFeature(deps: AdminDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admin = (ctx: Context) => isAdmin(deps.config, ctx);

  composer.command('reindex', async (ctx) => {
    if (!admin(ctx)) return void (await ctx.reply(ctx.t('admin-only')));
    reindexJob(ctx, deps);
  });

  composer.command('remove', async (ctx) => {
    if (!admin(ctx)) return void (await ctx.reply(ctx.t('admin-only')));
    const file = ctx.match.trim();
    if (file) {
      if (!removeJob(ctx, deps, file)) await ctx.reply(ctx.t('busy'));
      return;
    }
    const pages = await deps.core.pages();
    if (!pages.length) return void (await ctx.reply(ctx.t('remove-none')));
    const { text, keyboard } = picker(ctx, pages, 0);
    await ctx.reply(text, { reply_markup: keyboard });
  });

  composer.callbackQuery(/^rm[:?!]/, async (ctx) => {
    if (!admin(ctx)) return void (await ctx.answerCallbackQuery({ text: ctx.t('admin-only'), show_alert: true }));
    const action = parseCallbackData(ctx.callbackQuery.data);
    await ctx.answerCallbackQuery();
    if (!action || action.kind === 'remove-keep') return void (await ctx.editMessageText(ctx.t('remove-kept')));
    const pages = await deps.core.pages();
    if (action.kind === 'remove-page') {
      if (!pages.length) return void (await ctx.editMessageText(ctx.t('remove-none')));
      const { text, keyboard } = picker(ctx, pages, action.page);
      return void (await ctx.editMessageText(text, { reply_markup: keyboard }));
    }
    if (action.kind !== 'remove-ask' && action.kind !== 'remove-confirm') return;
    // The list may have changed since it was shown: the page is found again by its name.
    const page = pages.find((p) => pickerKey(p.file) === action.hash);
    if (!page) return void (await ctx.editMessageText(ctx.t('remove-gone')));
    if (action.kind === 'remove-ask') {
      const keyboard = new InlineKeyboard()
        .text(ctx.t('remove-yes'), `rm!${action.hash}`)
        .text(ctx.t('remove-no'), 'rm:x');
      return void (await ctx.editMessageText(ctx.t('remove-confirm', html({ file: page.file })), {
        parse_mode: 'HTML',
        reply_markup: keyboard,
      }));
    }
    if (!removeJob(ctx, deps, page.file)) return void (await ctx.editMessageText(ctx.t('busy')));
    await ctx.deleteMessage().catch(() => undefined);
  });

  composer.on('message:document', async (ctx, next) => {
    const document = ctx.message.document;
    const name = document.file_name ?? '';
    // A file with a question in its caption, from anyone, is a question.
    if (!admin(ctx)) {
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
    const limit = deps.config.maxUploadBytes;
    if (document.file_size !== undefined && document.file_size > limit)
      return void (await ctx.reply(ctx.t('too-large', { size: String(document.file_size), limit: String(limit) })));
    if (deps.core.busy) return void (await ctx.reply(ctx.t('busy')));
    const file = await ctx.getFile();
    if (!file.file_path) throw new Error(`getFile gave no file_path for ${name}`);
    const bytes = await deps.download(file.file_path);
    if (bytes.byteLength > limit)
      return void (await ctx.reply(ctx.t('too-large', { size: String(bytes.byteLength), limit: String(limit) })));
    const started = startIndexJob(ctx, deps, ctx.t('adding', html({ file: name })), async () => ({
      summary: await deps.core.addPage(name, bytes, ctx.message.caption),
      what: ctx.t('added', { file: name }),
    }));
    if (!started) await ctx.reply(ctx.t('busy'));
  });

  return composer;
}

/** At start: the progress messages of changes an earlier process did not live to finish say so. */
export async function finishInterrupted(
  api: Api,
  progress: ProgressMessages,
  translate: (locale: Locale, key: string) => string,
  log: Log,
): Promise<void> {
  for (const message of await progress.takeEarlier()) {
    await api
      .editMessageText(message.chatId, message.messageId, translate(message.locale as Locale, 'interrupted'))
      .catch((error: Error) =>
        log.warn({ err: error }, 'could not close the progress message of an interrupted change'),
      );
  }
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
