import type { Log } from '../../observe/log.js';
import type { StateStore } from '../state-store.js';
import { connectRedis } from './connection.js';
import { redisConversations } from './conversations.js';
import { RedisFeedback } from './feedback.js';
import { importFiles } from './import-files.js';
import { RedisInlineCache } from './inline-cache.js';
import { RedisRateStore } from './rates.js';
import { RedisStops } from './stops.js';
import { RedisUsage } from './usage.js';

/**
 * Everything in one Redis, shared by every process that is given the same REDIS_URL; the files of
 * `importFrom` (a DATA_DIR) imported on the first start.
 */
export async function redisState(
  url: string,
  historyTtlMinutes: number,
  log: Log,
  importFrom?: string,
): Promise<StateStore> {
  const redis = await connectRedis(url, log);
  if (importFrom)
    await importFiles(redis, { dataDir: importFrom, historyTtlMinutes }, log).catch((error: Error) =>
      log.error({ err: error }, 'could not import the files of DATA_DIR into Redis; the next start tries again'),
    );
  const stops = await RedisStops.open(redis);
  return {
    conversations: redisConversations(redis, historyTtlMinutes),
    rates: new RedisRateStore(redis),
    feedback: new RedisFeedback(redis),
    usage: new RedisUsage(redis),
    stops,
    inlineCache: new RedisInlineCache(redis),
    close: async () => {
      await stops.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
