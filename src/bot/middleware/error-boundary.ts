import type { Context, MiddlewareFn } from 'grammy';
import { UserError } from '../../domain/types.js';
import type { Log } from '../../observe/log.js';
import { localeOfSender, type Locale } from '../i18n.js';
import { userErrorText } from '../render/errors.js';
import { shorten } from '../render/text.js';
import type { Translate } from '../render/translate.js';
import type { Tasks } from '../tasks.js';

export interface ErrorBoundaryDeps {
  /** Every update is work in hand until it is answered. */
  tasks: Tasks;
  log: Log;
  mask: (text: string) => string;
  /** Runs before the translator middleware, so it picks the sender's locale itself. */
  translateIn: (locale: Locale) => Translate;
}

/** Replies where the update came from: an alert for a button, a message in a chat, nothing inline. */
async function respond(ctx: Context, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: shorten(text, 190), show_alert: true });
  else if (ctx.chat) await ctx.reply(text);
}

/**
 * What goes wrong while an update is handled is said to its sender: a refusal from the core in its
 * own words, anything else as an apology (and logged). Secrets are masked in either.
 */
export function errorBoundary(deps: ErrorBoundaryDeps): MiddlewareFn<Context> {
  return (ctx, next) =>
    deps.tasks.run(async () => {
      try {
        await next();
      } catch (error) {
        if (!(error instanceof UserError))
          deps.log.error({ err: error, update: ctx.update.update_id }, 'update failed');
        const t = deps.translateIn(localeOfSender(ctx));
        const text = error instanceof UserError ? userErrorText(error, t) : t('apology');
        await respond(ctx, deps.mask(text)).catch((failure: unknown) =>
          deps.log.warn({ err: failure }, 'could not apologise'),
        );
      }
    });
}
