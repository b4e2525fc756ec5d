/**
 * Where rate limits keep their counts. Each operation is one atomic step on one key, so that a
 * store shared by several processes (Redis: a sorted set of times per key, a key with a TTL for
 * the notice) can do it in one command or script.
 */
export interface RateStore {
  /** Takes one of `limit` places in the `windowMs` ending at `now`, if one is free; whether it did. */
  take(key: string, limit: number, windowMs: number, now: number): Promise<boolean>;
  /** Whether `key` is to be told it was refused: true once per `windowMs` at most. */
  claimNotice(key: string, windowMs: number, now: number): Promise<boolean>;
}

interface KeyState {
  /** When each place in the window was taken, oldest first. */
  taken: number[];
  noticedAt: number | null;
}

/**
 * Counts in this process's memory: a sliding log of the times places were taken, so that no
 * window of `windowMs`, wherever it starts, holds more than `limit` of them (fixed windows let
 * twice the limit through around a reset).
 */
export class MemoryRateStore implements RateStore {
  private readonly keys = new Map<string, KeyState>();
  private lastSweep = 0;

  async take(key: string, limit: number, windowMs: number, now: number): Promise<boolean> {
    this.sweep(windowMs, now);
    const state = this.state(key);
    state.taken = state.taken.filter((time) => time > now - windowMs);
    if (state.taken.length >= limit) return false;
    state.taken.push(now);
    return true;
  }

  async claimNotice(key: string, windowMs: number, now: number): Promise<boolean> {
    const state = this.state(key);
    if (state.noticedAt !== null && state.noticedAt > now - windowMs) return false;
    state.noticedAt = now;
    return true;
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { taken: [], noticedAt: null };
      this.keys.set(key, state);
    }
    return state;
  }

  /** Forgets, once a window, the people who have asked nothing for a whole window. */
  private sweep(windowMs: number, now: number): void {
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, state] of this.keys) {
      const last = Math.max(state.taken.at(-1) ?? -Infinity, state.noticedAt ?? -Infinity);
      if (last <= now - windowMs) this.keys.delete(key);
    }
  }
}
