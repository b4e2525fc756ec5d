/**
 * How every adapter calls its API: within a time budget, stopped by the caller's signal, and
 * retried only where a retry can still help. The openai client's own retries stay off: it
 * sleeps for a 429's whole retry-after, deaf to the abort signal.
 */
import OpenAI from 'openai';
import { ApiError, apiError, explainApiFailure, type ApiTarget } from './api-error.js';

export interface CallOptions {
  /** The caller's: its abort is a cancel, or a timeout when its reason is a TimeoutError. */
  signal?: AbortSignal;
  /** Bounds the whole call, attempts and the waits between them. */
  timeoutMs?: number;
  /** Bounds each attempt, body included (the client's own timeout stops at the headers). */
  attemptTimeoutMs?: number;
  /** Attempts after the first, after a lost connection, a timed-out attempt, 408, 409, 429 or 5xx. */
  retries?: number;
  /** The wait before the first retry when the server names none; doubled for each next one. */
  backoffMs?: number;
}

/** Without a budget for the whole call, a server asking for a longer wait is not waited for. */
const MAX_WAIT_MS = 60_000;
const MAX_BACKOFF_MS = 8_000;

/**
 * Runs `attempt` with a signal that ends it when the caller, the call's budget or the attempt's
 * own deadline says so; every failure comes out as an ApiError. An ApiError the attempt throws
 * itself (an unusable answer) is final: asking again would get the same.
 */
export async function callApi<T>(
  target: ApiTarget,
  options: CallOptions,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const budget = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const bounds = [options.signal, budget].filter((signal): signal is AbortSignal => !!signal);
  for (let retry = 0; ; retry++) {
    const deadline = options.attemptTimeoutMs === undefined ? undefined : AbortSignal.timeout(options.attemptTimeoutMs);
    try {
      return await attempt(AbortSignal.any(deadline ? [...bounds, deadline] : bounds));
    } catch (error) {
      const stopped = stoppedBy(target, options, budget);
      if (stopped) throw stopped;
      const timedOut = deadline?.aborted === true;
      const failure = timedOut
        ? apiError(target, 'timeout', `${whom(target)} timed out after ${options.attemptTimeoutMs} ms.`)
        : error instanceof ApiError
          ? error
          : explainApiFailure(error, target);
      const left = options.timeoutMs === undefined ? null : options.timeoutMs - (Date.now() - started);
      const wait =
        retry < (options.retries ?? 0) && !(error instanceof ApiError)
          ? retryWait(timedOut ? null : error, retry, options.backoffMs ?? 500, left)
          : null;
      if (wait === null) throw failure;
      await sleep(wait, AbortSignal.any(bounds)).catch(() => {
        throw stoppedBy(target, options, budget) ?? failure;
      });
    }
  }
}

/** The failure when the caller or the call's budget ended the call, else null. */
function stoppedBy(target: ApiTarget, options: CallOptions, budget: AbortSignal | undefined): ApiError | null {
  if (options.signal?.aborted) {
    // A question's own budget runs out as a TimeoutError; a reader's stop is a plain abort.
    return (options.signal.reason as Error | undefined)?.name === 'TimeoutError'
      ? apiError(target, 'timeout', `The ${target.service} did not answer within the question's time budget.`)
      : apiError(target, 'cancelled', `The ${target.service} call was cancelled.`);
  }
  if (budget?.aborted) {
    return apiError(target, 'timeout', `${whom(target)} timed out after ${options.timeoutMs} ms.`);
  }
  return null;
}

function whom(target: ApiTarget): string {
  return `The ${target.service} (${target.model})`;
}

/**
 * The wait before the next attempt, or null when there is none to make: the error is not worth
 * a retry, or the wait would not leave the answer half of the time `left` (when there is a budget).
 * `error` is null for an attempt that ran out of its own time.
 */
function retryWait(error: unknown, retry: number, backoffMs: number, left: number | null): number | null {
  if (error !== null && !retryable(error)) return null;
  const wait = retryAfterMs(error) ?? Math.min(backoffMs * 2 ** retry, MAX_BACKOFF_MS);
  if (left === null) return wait <= MAX_WAIT_MS ? wait : null;
  return wait < left / 2 ? wait : null;
}

function retryable(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError) return false;
  if (error instanceof OpenAI.APIConnectionError) return true;
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return false;
  return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
}

/** What a 429 or 503 asks to wait, in milliseconds or seconds, or as a date. */
function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof OpenAI.APIError)) return null;
  const millis = Number.parseFloat(error.headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(millis) && millis >= 0) return millis;
  const value = error.headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
