import { describe, expect, it } from 'vitest';
import type { Context } from 'grammy';
import { perPersonLimit } from '../../src/bot/middleware/rate-limit.js';
import { MemoryRateStore } from '../../src/state/rate-limits.js';

/** A limiter on a clock the test sets, counting what it lets through and the notices it gives. */
function limiter(perMinute: number) {
  const clock = { now: 0 };
  const seen = { passed: 0, noticed: 0 };
  const middleware = perPersonLimit<Context>({
    store: new MemoryRateStore(),
    name: 'ask',
    perMinute,
    onExceeded: async () => void seen.noticed++,
    now: () => clock.now,
  });
  const ask = async (at: number, userId = 1) => {
    clock.now = at;
    await middleware({ from: { id: userId } } as Context, async () => void seen.passed++);
  };
  return { ask, seen };
}

describe('per-person rate limit', () => {
  it('lets no 60 seconds hold more than the limit, however they fall on the clock', async () => {
    const { ask, seen } = limiter(20);
    // Twenty just before a minute's mark and twenty just after: a fixed window would take all forty.
    for (let i = 0; i < 20; i++) await ask(59_900);
    for (let i = 0; i < 20; i++) await ask(60_100);
    expect(seen.passed).toBe(20);
    // A place frees once the question that took it is a minute old.
    await ask(119_899);
    expect(seen.passed).toBe(20);
    await ask(119_901);
    expect(seen.passed).toBe(21);
  });

  it('tells a refused person once a minute, and counts people apart', async () => {
    const { ask, seen } = limiter(2);
    for (let i = 0; i < 50; i++) await ask(1_000 + i);
    expect(seen).toEqual({ passed: 2, noticed: 1 });
    await ask(2_000, 2);
    expect(seen.passed).toBe(3);
    // A minute on, the places are free again; a new flood is told again, once.
    for (let i = 0; i < 50; i++) await ask(61_100 + i);
    expect(seen).toEqual({ passed: 5, noticed: 2 });
  });
});
