import type { Context, MiddlewareFn } from 'grammy';
import type { RateStore } from '../../state/rate-limits.js';

const MINUTE_MS = 60_000;

export interface RateLimitOptions<C extends Context> {
  store: RateStore;
  /** Keeps apart, in one store, the limits of different kinds of request. */
  name: string;
  perMinute: number;
  /** Tells a person they were refused; called once a minute at most, later refusals are silent. */
  onExceeded: (ctx: C) => Promise<unknown>;
  now?: () => number;
}

/**
 * At most `perMinute` requests from one person let through in any 60 seconds. Not
 * @grammyjs/ratelimiter: its counts are cleared together on a fixed clock, so a burst across a
 * reset gets up to twice the limit through; here the window slides with each request.
 */
export function perPersonLimit<C extends Context>(options: RateLimitOptions<C>): MiddlewareFn<C> {
  const now = options.now ?? Date.now;
  return async (ctx, next) => {
    if (!ctx.from) return next();
    const key = `${options.name}:${ctx.from.id}`;
    const time = now();
    if (await options.store.take(key, options.perMinute, MINUTE_MS, time)) return next();
    if (await options.store.claimNotice(key, MINUTE_MS, time)) await options.onExceeded(ctx);
  };
}
