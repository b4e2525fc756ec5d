import { setTimeout as delay } from 'node:timers/promises';
import type { Transformer } from 'grammy';
import type { Log } from '../../observe/log.js';

const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;

/** What the operator is told when another poller or a webhook keeps the updates. */
export const CONFLICT_ADVICE =
  'another process is polling with this TELEGRAM_BOT_TOKEN, or a webhook was set for it: stop the other instance (or run this one with WEBHOOK_URL), then start again';

/**
 * Telegram answers getUpdates with 409 Conflict while another process polls with the same token
 * or a webhook is set. @grammyjs/runner treats that as fatal at once; a moment's overlap (a
 * deployment starting the new instance before stopping the old) should not silence the bot. So
 * getUpdates is retried with back-off, loudly, and the conflict is handed on to the runner only
 * when it has lasted `giveUpAfterMs`.
 */
export function retryConflicts(log: Log, giveUpAfterMs: number, now: () => number = Date.now): Transformer {
  return async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    const since = now();
    let wait = FIRST_WAIT_MS;
    for (;;) {
      const result = await prev(method, payload, signal);
      if (result.ok || result.error_code !== 409 || signal?.aborted) return result;
      const lasted = now() - since;
      if (lasted >= giveUpAfterMs) return result;
      log.error(
        { description: result.description, lastedMs: lasted, retryInMs: wait },
        `409 Conflict on getUpdates: ${CONFLICT_ADVICE}`,
      );
      // Cut short when the runner stops; grammY's signal type predates the DOM one.
      await delay(Math.min(wait, giveUpAfterMs - lasted), undefined, {
        signal: signal as AbortSignal | undefined,
      }).catch(() => undefined);
      if (signal?.aborted) return result;
      wait = Math.min(wait * 2, LONGEST_WAIT_MS);
    }
  };
}
