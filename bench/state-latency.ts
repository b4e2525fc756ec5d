/**
 * Answer latency with the state in DATA_DIR's files against the state in Redis, on loopback:
 * QUESTIONS readers each ask one question of one bot (the real offline core, the loopback Bot
 * API, no throttling), and the p50/p95 from sending it to the answer arriving.
 * `npx tsx bench/state-latency.ts [questions]`; needs redis-server.
 */
import { performance } from 'node:perf_hooks';
import { startPolling } from '../src/app/run.js';
import { createBot } from '../src/bot/bot.js';
import { percentile } from '../src/eval/metrics.js';
import { silentLog } from '../src/observe/log.js';
import { fileState, type StateStore } from '../src/state/store.js';
import { redisState } from '../src/state/redis/state.js';
import { TestRedis } from '../tests/support/redis-server.js';
import { botTestbed } from '../tests/support/testbed.js';

const QUESTIONS = Number(process.argv[2] ?? 50);
const QUESTION = '青岛去年帮中西部卖了多少农产品？';

async function round(name: string, open: (dataDir: string) => Promise<StateStore>, firstUser: number): Promise<void> {
  const testbed = await botTestbed();
  const state = await open(testbed.config.dataDir);
  const running = await startPolling(
    await createBot(testbed.core, testbed.config, { log: silentLog, state }),
    testbed.config,
    { throttle: false },
  );
  const times: number[] = [];
  try {
    for (let i = 0; i < QUESTIONS; i++) {
      const userId = firstUser + i;
      const started = performance.now();
      await testbed.telegram.user({ userId }).say(QUESTION);
      await testbed.telegram.waitFor(userId, (m) => m.text.includes('50.1亿元') && m.buttons.length > 0);
      times.push(performance.now() - started);
    }
  } finally {
    await running.stop();
    await state.close();
    await testbed.close();
  }
  // The first answers warm the core up; both rounds drop the same number.
  const kept = times.slice(5);
  const ms = (q: number) => percentile(kept, q).toFixed(1);
  console.log(`${name}: ${kept.length} answers, p50 ${ms(50)} ms, p95 ${ms(95)} ms`);
}

const redis = await TestRedis.start();
try {
  await round('files', fileState, 10_000);
  await round('redis', () => redisState(redis.url, 60, silentLog), 20_000);
  await round('files', fileState, 30_000);
  await round('redis', () => redisState(redis.url, 60, silentLog), 40_000);
} finally {
  await redis.stop();
}
