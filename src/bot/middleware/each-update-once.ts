import type { Context, NextFunction } from 'grammy';

/**
 * Handles each update once. Telegram delivers a webhook update again when it did not get a 200
 * in time (and a proxy may retry too); the update ids of the last few thousand are remembered.
 */
export function handleEachUpdateOnce(capacity = 5_000): (ctx: Context, next: NextFunction) => Promise<void> {
  const seen = new Set<number>();
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (seen.has(id)) return;
    seen.add(id);
    if (seen.size > capacity) seen.delete(seen.values().next().value!);
    await next();
  };
}
