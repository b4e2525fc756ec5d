import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateStore } from '../rate-limits.js';

/**
 * The sliding log of MemoryRateStore as one script, so that two processes taking the last place
 * at once cannot both get it: times older than the window go, then a place is taken if one is free.
 */
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

type Scripted = Redis & {
  takePlace(key: string, now: number, windowMs: number, limit: number, member: string): Promise<number>;
};

/**
 * Rate limits counted in Redis, shared by every process: a sorted set of times per person and
 * kind, which expires a window after its last request. While Redis is down requests are let
 * through: a reader is better answered unmetered than refused for an outage not theirs.
 */
export class RedisRateStore implements RateStore {
  private readonly redis: Scripted;

  constructor(redis: Redis) {
    redis.defineCommand('takePlace', { numberOfKeys: 1, lua: TAKE });
    this.redis = redis as Scripted;
  }

  async take(key: string, limit: number, windowMs: number, now: number): Promise<boolean> {
    const member = `${now}:${randomBytes(4).toString('hex')}`;
    return this.redis
      .takePlace(`rate:${key}`, now, windowMs, limit, member)
      .then((taken) => taken === 1)
      .catch(() => true);
  }

  async claimNotice(key: string, windowMs: number, _now: number): Promise<boolean> {
    return this.redis
      .set(`rate-notice:${key}`, '1', 'PX', windowMs, 'NX')
      .then((set) => set === 'OK')
      .catch(() => false);
  }
}
