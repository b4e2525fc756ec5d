import type { StorageAdapter } from 'grammy';
import type { Log } from '../observe/log.js';
import { fileConversations, type Conversation } from './conversation.js';
import { FeedbackStore, type Feedback } from './feedback-store.js';
import { MemoryRateStore, type RateStore } from './rate-limits.js';
import { connectRedis } from './redis/connection.js';
import { redisConversations } from './redis/conversations.js';
import { RedisFeedback } from './redis/feedback.js';
import { RedisInlineCache } from './redis/inline-cache.js';
import { type InlineCache, MemoryInlineCache } from './inline-cache.js';
import { importFiles } from './redis/import-files.js';
import { RedisRateStore } from './redis/rates.js';
import { RedisStops } from './redis/stops.js';
import { localStops, type StopRegistry } from './stops.js';
import { RedisUsage } from './redis/usage.js';
import { UsageLog, type Usage } from './usage.js';

/** What the bot keeps beyond one update: in this process's files and memory, or shared in Redis. */
export interface StateStore {
  conversations: StorageAdapter<Conversation>;
  rates: RateStore;
  feedback: Feedback;
  usage: Usage;
  stops: StopRegistry;
  inlineCache: InlineCache;
  close(): Promise<void>;
}

export interface StateSettings {
  dataDir: string;
  redisUrl?: string | null;
  historyTtlMinutes: number;
}

/** The embedded default: files in DATA_DIR, rate limits in memory; one process, no server. */
export async function fileState(dataDir: string): Promise<StateStore> {
  const [feedback, usage] = await Promise.all([FeedbackStore.open(dataDir), UsageLog.open(dataDir)]);
  return {
    conversations: fileConversations(dataDir),
    rates: new MemoryRateStore(),
    feedback,
    usage,
    stops: localStops(),
    inlineCache: new MemoryInlineCache(),
    close: async () => undefined,
  };
}

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

/** Redis when REDIS_URL is set, else the files. */
export function openState(settings: StateSettings, log: Log): Promise<StateStore> {
  return settings.redisUrl
    ? redisState(settings.redisUrl, settings.historyTtlMinutes, log, settings.dataDir)
    : fileState(settings.dataDir);
}
