import type { Api } from 'grammy';
import type { Library } from '../../../domain/ports.js';
import { BusyError, UserError, type IndexSummary } from '../../../domain/types.js';
import { failureId } from '../../../domain/failure.js';
import type { Log } from '../../../observe/log.js';
import type { BotContext } from '../../context.js';
import { html, localeOfSender, type Locale } from '../../i18n.js';
import { userErrorText } from '../../render/errors.js';
import { LiveMessage } from '../../render/live.js';
import type { Tasks } from '../../tasks.js';
import type { ProgressMessage, ProgressMessages } from '../../../state/progress-messages.js';

export interface IndexJobDeps {
  library: Pick<Library, 'busy'>;
  /** Work outliving its update: stopping the bot waits for it. */
  tasks: Tasks;
  log: Log;
  mask: (text: string) => string;
  /** Progress messages of changes not finished yet, kept so that the next start can close them. */
  progress: ProgressMessages;
}

/**
 * Runs a change to the index in the background — the chat keeps being answered meanwhile — and
 * shows its progress in one message that ends with the counts, or with why it failed.
 */
export function startIndexJob(
  ctx: BotContext,
  deps: IndexJobDeps,
  opening: string,
  job: (live: LiveMessage) => Promise<{ summary: IndexSummary; what?: string }>,
  joinsReindex = false,
): boolean {
  const api: Api = ctx.api;
  const chatId = ctx.chat!.id;
  // The core runs one change at a time and refuses a second (a reindex joins the one running);
  // asking first spares the download and the progress message of a change that would be refused.
  if (deps.library.busy && !joinsReindex) return false;
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
        final = failureReason(ctx, error, deps.mask);
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

/**
 * Why a change failed, for the admin: a refusal in the admin's words, anything else as what
 * failed (the index, the object store, the disk), never the raw error with its server paths and
 * endpoint, which is logged. Secrets masked all the same.
 */
function failureReason(ctx: BotContext, error: unknown, mask: (text: string) => string): string {
  if (error instanceof BusyError) return ctx.t('busy');
  const reason = error instanceof UserError ? userErrorText(error, ctx.t) : ctx.t(failureId(error));
  return ctx.t('failed', html({ reason: mask(reason) }));
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
