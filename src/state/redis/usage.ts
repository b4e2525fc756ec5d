import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isDown } from './connection.js';
import { figuresOf, KEPT_MS, type Usage, type UsageEvent, type UsageFigures, type UsageOutcome } from '../usage.js';

export const USAGE = 'usage';

/**
 * The questions readers asked, for /stats, counted by every process in one sorted set by time; a
 * week of them kept, as in the file.
 */
export class RedisUsage implements Usage {
  constructor(
    private readonly redis: Redis,
    private readonly now: () => number = Date.now,
  ) {}

  async record(outcome: UsageOutcome, ms: number): Promise<void> {
    if (isDown(this.redis)) return;
    const event: UsageEvent = { t: this.now(), outcome, ms: Math.round(ms) };
    // The random part keeps two equal events apart: a sorted set holds each member once.
    const member = JSON.stringify({ ...event, r: randomBytes(4).toString('hex') });
    await this.redis
      .multi()
      .zadd(USAGE, event.t, member)
      .zremrangebyscore(USAGE, '-inf', event.t - KEPT_MS)
      .exec();
  }

  async figures(): Promise<{ today: UsageFigures; week: UsageFigures }> {
    const now = this.now();
    const members = await this.redis.zrangebyscore(USAGE, now - KEPT_MS, '+inf');
    return figuresOf(
      members.map((raw) => JSON.parse(raw) as UsageEvent),
      now,
    );
  }
}
