import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Log } from '../../observe/log.js';
import { safeUrl } from '../../observe/safe-url.js';

/** Every key the bot writes starts with this, so one Redis can serve other programs too. */
export const KEY_PREFIX = 'qd:';

/**
 * Whether writes that only record (an answer for later taps, a usage event) should be skipped:
 * the outage was logged once, and a line per question would bury it.
 */
export const isDown = (redis: Redis) => redis.status !== 'ready';

/** How long a start waits for Redis before it goes on without it (and keeps reconnecting). */
const READY_WAIT_MS = 5_000;

/**
 * A Redis connection for the bot's shared state. ioredis rather than node-redis: both are
 * maintained and typed, but ioredis reconnects on its own with the backoff given here, runs Lua
 * scripts as named commands with their keys prefixed, and is the client @grammyjs/storage-redis
 * takes. While Redis is down a command fails at once instead of waiting in a queue, so readers
 * get their answers (without history) rather than a stalled chat; one log line says so per outage.
 */
export async function connectRedis(url: string, log: Log): Promise<Redis> {
  const redis = new Redis(url, {
    keyPrefix: KEY_PREFIX,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  const where = safeUrl(url);
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.error(
      { err: error, redis: where },
      'Redis is unreachable: answers go on without conversation history, votes and usage until it is back',
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ redis: where }, 'Redis is back');
  });
  const waiting = new AbortController();
  await Promise.race([
    once(redis, 'ready', { signal: waiting.signal }),
    delay(READY_WAIT_MS, undefined, { signal: waiting.signal }),
  ]).catch(() => undefined);
  waiting.abort();
  return redis;
}
