import type { StorageAdapter } from 'grammy';
import type { Conversation } from './conversation.js';
import type { Feedback } from './feedback-store.js';
import type { InlineCache } from './inline-cache.js';
import type { RateStore } from './rate-limits.js';
import type { StopRegistry } from './stops.js';
import type { Usage } from './usage.js';

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
