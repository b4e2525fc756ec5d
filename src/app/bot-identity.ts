import { setTimeout as delay } from 'node:timers/promises';
import { GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Log } from '../observe/log.js';

/** How often getMe is tried again while the Bot API cannot be reached. */
export const UNREACHABLE_RETRY_MS = 10_000;

export const TOKEN_REFUSED = 'TELEGRAM_BOT_TOKEN was refused by Telegram: check it with @BotFather';

/**
 * Why a request got no answer, in words that never quote it: the request's URL holds the token.
 * A system error's code (ECONNREFUSED, ENOTFOUND), a timeout, or an HTTP status without a Bot API answer.
 */
export function unreachableReason(error: HttpError): string {
  const cause = error.error as { code?: unknown; status?: unknown; statusText?: unknown; message?: unknown };
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.status === 'number') return `HTTP ${cause.status} ${String(cause.statusText ?? '')}`.trim();
  if (typeof cause?.message === 'string' && cause.message.includes('timed out')) return 'timeout';
  return 'no answer';
}

export interface IdentifyOptions {
  /** TELEGRAM_API_ROOT, whose host the operator is told of. */
  apiRoot: string;
  log: Log;
  retryMs?: number;
}

/**
 * The bot's own account (getMe), before anything else is asked of Telegram: a refused token ends
 * the start with what to do about it; a Bot API out of reach is tried again every `retryMs`, a
 * line each time, so that an operator waiting on a start knows what holds it up. (grammY's own
 * `bot.init()` retries in silence, for ever.)
 */
export async function identifyBot(
  getMe: () => Promise<UserFromGetMe>,
  options: IdentifyOptions,
): Promise<UserFromGetMe> {
  const retryMs = options.retryMs ?? UNREACHABLE_RETRY_MS;
  const host = new URL(options.apiRoot).host;
  for (;;) {
    try {
      return await getMe();
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 401) throw new Error(TOKEN_REFUSED, { cause: error });
      const every = `retrying getMe every ${retryMs / 1000} s`;
      if (error instanceof HttpError)
        options.log.warn(`Telegram Bot API at ${host} unreachable (${unreachableReason(error)}); ${every}`);
      // Too many requests, or a server error: Telegram is there but not answering yet.
      else if (error instanceof GrammyError && (error.error_code === 429 || error.error_code >= 500))
        options.log.warn(`Telegram Bot API at ${host} answered ${error.error_code} (${error.description}); ${every}`);
      else throw error;
      const retryAfter = error instanceof GrammyError ? (error.parameters.retry_after ?? 0) : 0;
      await delay(Math.max(retryMs, 1000 * retryAfter));
    }
  }
}
