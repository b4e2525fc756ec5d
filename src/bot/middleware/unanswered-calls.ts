import { setTimeout as delay } from 'node:timers/promises';
import { HttpError, type Transformer } from 'grammy';
import type { Log } from '../../observe/log.js';

/** auto-retry's first pause after a network error, kept so that the figures in the README hold. */
const FIRST_PAUSE_MS = 3_000;

/**
 * A Bot API call that got no answer — grammY's request timeout passed, or the connection failed —
 * is retried after 3 s, 6 s, 12 s… while the call has lasted less than `windowMs`. With the
 * window at twice the request timeout, a stalled send is tried twice and a refused connection
 * for about a minute and a half; then the call fails, and the conversation waiting behind it in
 * its chat goes on. (@grammyjs/auto-retry retries such errors without end, holding the chat for
 * as long as the Bot API stalls.) A send that timed out may still have been delivered: a rare
 * duplicate is the price of not losing answers.
 */
export function retryUnanswered(log: Log, windowMs: number, now: () => number = Date.now): Transformer {
  return async (prev, method, payload, signal) => {
    const started = now();
    for (let pause = FIRST_PAUSE_MS; ; pause *= 2) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted || now() - started >= windowMs) throw error;
        log.warn({ err: error, method, retryInMs: pause }, 'the Bot API did not answer; retrying');
        // Cut short when the caller gives up; grammY's signal type predates the DOM one.
        await delay(pause, undefined, { signal: signal as AbortSignal | undefined }).catch(() => undefined);
        if (signal?.aborted) throw error;
      }
    }
  };
}
