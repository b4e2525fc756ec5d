import type { Readable, Writable } from 'node:stream';
import type { Config } from './config.js';
import type { Core } from '../domain/ports.js';
import { createBot, type QaBot } from '../bot/bot.js';
import { runSandbox, SANDBOX_BANNER } from '../bot/sandbox/sandbox.js';
import type { Log } from '../observe/log.js';
import { masker, secretsOf } from '../observe/secrets.js';
import { openState } from '../state/store.js';
import { processLog } from './log.js';
import { startHttpServer, type HealthSources } from './http-server.js';
import { Lifecycle, type Running } from './lifecycle.js';
import { startPolling, startWebhook } from './run.js';

/** After SIGTERM, how long the updates in hand may take; orchestrators kill at 10–30 s. */
const STOP_GRACE_MS = 10_000;

/** Telegram updates by webhook (the health endpoints on its port) or long polling (on HEALTH_PORT, if set). */
async function receiveUpdates(
  qa: QaBot,
  config: Config,
  health: HealthSources,
  lifecycle: Lifecycle,
): Promise<Running> {
  if (config.webhookUrl) return startWebhook(qa, config, health);
  if (config.healthPort) {
    const server = await startHttpServer({
      port: config.healthPort,
      host: config.healthHost,
      portVariable: 'HEALTH_PORT',
      health,
    });
    lifecycle.onClose(() => server.close());
    lifecycle.watch(server.done, 'the HTTP server closed');
  }
  return startPolling(qa, config);
}

/** The bot on Telegram until a signal: the core, then the bot, then the way updates arrive, closed in reverse. */
async function serveTelegram(config: Config, core: Core, lifecycle: Lifecycle, log: Log): Promise<void> {
  // The one place that chooses where state lives: Redis when REDIS_URL is set, else DATA_DIR's files.
  const state = await openState(config, log);
  lifecycle.onClose(() => state.close(), { onlyWhenIdle: true });
  const qa = await createBot(core, config, { log, state });
  let live = false;
  const health: HealthSources = {
    live: () => live,
    ready: async () => (live ? core.health() : { ready: false, reason: 'the bot is not receiving updates' }),
    metrics: core.metrics.registry,
  };
  const running = await receiveUpdates(qa, config, health, lifecycle);
  live = true;
  await lifecycle.run(running, () => {
    live = false;
  });
}

/**
 * `npm start`: the terminal sandbox without a token, else long polling or (with WEBHOOK_URL) a
 * webhook, until SIGINT or SIGTERM.
 */
export async function main(
  config: Config,
  io: { input: Readable; output: Writable },
  makeCore: (log: Log) => Promise<Core>,
): Promise<void> {
  const mask = masker(secretsOf(config));
  const log = processLog(config);
  const lifecycle = new Lifecycle({ graceMs: STOP_GRACE_MS, log });
  try {
    try {
      // Said first, because building the index on a first start takes a moment.
      if (!config.telegramBotToken) io.output.write(`${SANDBOX_BANNER}\n`);
      const core = await makeCore(log);
      // A core that unfinished work may still be writing to is left to the process's exit.
      lifecycle.onClose(() => core.close(), { onlyWhenIdle: true });
      if (!config.telegramBotToken) await runSandbox(core, config, { ...io, log });
      else await serveTelegram(config, core, lifecycle, log);
    } finally {
      await lifecycle.close();
    }
  } catch (error) {
    throw new Error(mask((error as Error).message), { cause: error });
  }
}
