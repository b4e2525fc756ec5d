import type { Redis } from 'ioredis';
import { type StopRegistry, type StopResult, Stops } from '../stops.js';
import { KEY_PREFIX } from './connection.js';

/** Channels are not prefixed by ioredis as keys are. */
const CHANNEL = `${KEY_PREFIX}stops`;
/** An answer is written well within this; a run its process did not live to finish expires. */
const RUN_TTL_MS = 15 * 60_000;

interface RunRecord {
  chatId: number;
  userId: number | null;
}

const runKey = (id: string) => `run:${id}`;
const personKey = (chatId: number, userId: number | undefined) => `runs:${chatId}:${userId ?? 0}`;

/**
 * Answers being written on any process: each is registered in Redis with its asker, and a ⏹ or
 * /cancel that reaches another process is published, so that the process writing it aborts it.
 * While Redis is down, stops work within the process that took them, as with one process.
 */
export class RedisStops implements StopRegistry {
  private readonly local = new Stops();
  private readonly people = new Map<string, string>();

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
  ) {
    subscriber.on('message', (_channel: string, id: string) => this.local.stop(id, undefined, true));
  }

  /** Subscribes on a connection of its own, which queues the subscription until Redis is there. */
  static async open(redis: Redis): Promise<RedisStops> {
    const subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    // The main connection reports outages; this one would only repeat them.
    subscriber.on('error', () => undefined);
    const stops = new RedisStops(redis, subscriber);
    void subscriber.subscribe(CHANNEL).catch(() => undefined);
    return stops;
  }

  start(chatId: number, userId: number | undefined): { id: string; signal: AbortSignal } {
    const run = this.local.start(chatId, userId);
    const person = personKey(chatId, userId);
    this.people.set(run.id, person);
    const record: RunRecord = { chatId, userId: userId ?? null };
    void this.redis
      .multi()
      .set(runKey(run.id), JSON.stringify(record), 'PX', RUN_TTL_MS)
      .sadd(person, run.id)
      .pexpire(person, RUN_TTL_MS)
      .exec()
      .catch(() => undefined);
    return run;
  }

  finish(id: string): void {
    this.local.finish(id);
    const person = this.people.get(id);
    this.people.delete(id);
    if (person)
      void this.redis
        .multi()
        .del(runKey(id))
        .srem(person, id)
        .exec()
        .catch(() => undefined);
  }

  async stop(id: string, userId: number | undefined, allowed = false): Promise<StopResult> {
    if (this.local.has(id)) return this.local.stop(id, userId, allowed);
    const raw = await this.redis.get(runKey(id)).catch(() => null);
    if (!raw) return 'gone';
    const record = JSON.parse(raw) as RunRecord;
    if (!allowed && record.userId !== (userId ?? null)) return 'not-yours';
    await this.redis.publish(CHANNEL, id);
    return 'stopped';
  }

  async stopAll(chatId: number, userId: number | undefined): Promise<number> {
    const ids = await this.redis.smembers(personKey(chatId, userId)).catch(() => [] as string[]);
    const remote = ids.filter((id) => !this.local.has(id));
    const stopped = this.local.stopAll(chatId, userId);
    await Promise.all(remote.map((id) => this.redis.publish(CHANNEL, id).catch(() => 0)));
    return stopped + remote.length;
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
