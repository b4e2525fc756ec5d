import type { Log } from '../observe/log.js';
import { fileConversations } from './conversation.js';
import { FeedbackStore } from './feedback-store.js';
import { MemoryRateStore } from './rate-limits.js';
import { MemoryInlineCache } from './inline-cache.js';
import { localStops } from './stops.js';
import { UsageLog } from './usage.js';
import type { StateStore } from './state-store.js';

export type { StateStore } from './state-store.js';

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

/** Redis when REDIS_URL is set, else the files. */
export async function openState(settings: StateSettings, log: Log): Promise<StateStore> {
  if (!settings.redisUrl) return fileState(settings.dataDir);
  // Loaded only when asked for: ioredis and its stores cost every start about 85 ms of CPU.
  const { redisState } = await import('./redis/state.js');
  return redisState(settings.redisUrl, settings.historyTtlMinutes, log, settings.dataDir);
}
