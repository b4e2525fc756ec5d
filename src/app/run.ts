import { createServer, type Server } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { webhookCallback, type Bot } from 'grammy';
import type { BotContext } from '../bot/context.js';
import { run } from '@grammyjs/runner';
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import type { Config } from './config.js';
import type { Core } from '../domain/types.js';
import { createBot, type QaBot } from '../bot/bot.js';
import { runSandbox, SANDBOX_BANNER } from '../bot/sandbox/sandbox.js';
import { masker, secretsOf } from '../observe/secrets.js';
import { retryConflicts, CONFLICT_ADVICE } from '../bot/middleware/conflict.js';
import { safeUrl } from '../observe/safe-url.js';
import { createLog, type Log } from '../observe/log.js';
import { healthRoutes, type HealthSources } from './health.js';

export interface Running {
  /** Stops taking updates and waits for those taken (and background jobs) to finish. */
  stop(): Promise<void>;
  /** Settles if the bot stops by itself (a runner that gave up, a server that failed). */
  done: Promise<void>;
  /** Work taken and not finished: updates being handled, background index jobs. */
  inHand(): number;
}

const UPDATES = ['message', 'callback_query', 'inline_query'] as const;
/**
 * Telegram's updates are a few kilobytes (a long message with its entities stays under 64 KB);
 * a larger body is refused before it is read, whoever sends it.
 */
const WEBHOOK_MAX_BYTES = 1_000_000;
/** How long a 409 Conflict on getUpdates may last before the bot gives up (a deployment's overlap is shorter). */
const CONFLICT_GIVE_UP_MS = 5 * 60_000;
/** After SIGTERM, how long the updates in hand may take; orchestrators kill at 10–30 s. */
const STOP_GRACE_MS = 10_000;

/**
 * Telegram's limits (about a message a second per chat, 20 a minute per group) are kept by the
 * throttler; auto-retry waits out a 429 and retries server errors. When many chats are answered
 * at once, retries come back together and meet the limit again: each round lets about half of
 * them through, so twenty answers need some seven rounds. Ten attempts, each waiting at most
 * 30 s, deliver them; a longer retry_after fails the call rather than hold the chat.
 */
function connect(bot: Bot<BotContext>, throttle: boolean): void {
  if (throttle) {
    const throttled = apiThrottler();
    // Telegram's per-chat limit is about messages; an answer held a second behind its own
    // "typing" action would only arrive later. Chat actions skip the queue.
    bot.api.config.use((prev, method, payload, signal) =>
      method === 'sendChatAction' ? prev(method, payload, signal) : throttled(prev, method, payload, signal),
    );
  }
  bot.api.config.use(autoRetry({ maxRetryAttempts: 10, maxDelaySeconds: 30 }));
}

async function prepare(qa: QaBot, throttle = true): Promise<void> {
  connect(qa.bot, throttle);
  await qa.bot.init();
  try {
    await qa.registerCommands();
  } catch (error) {
    // A missing command menu is cosmetic; the commands work without it.
    qa.log.warn({ err: error }, 'could not register the command menu');
  }
}

export interface PollingOptions {
  /** Off only to measure the bot's own latency apart from Telegram's rate limits (the bench). */
  throttle?: boolean;
  conflictGiveUpMs?: number;
}

/** Long polling with @grammyjs/runner: updates handled concurrently, in order within a chat. */
export async function startPolling(qa: QaBot, config: Config, options: PollingOptions = {}): Promise<Running> {
  await prepare(qa, options.throttle ?? true);
  qa.bot.api.config.use(retryConflicts(qa.log, options.conflictGiveUpMs ?? CONFLICT_GIVE_UP_MS));
  // The runner retries a failed fetch by itself, silently (its console output is off below).
  qa.bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok && result.error_code !== 409) qa.log.warn({ result }, 'getUpdates failed; retrying');
      return result;
    } catch (error) {
      if (!signal?.aborted) qa.log.warn({ err: error }, 'getUpdates failed; retrying');
      throw error;
    }
  });
  // getUpdates is refused while a webhook is set (say, by an earlier deployment).
  await qa.bot.api.deleteWebhook();
  // The runner's own error printing goes to the console; failures reach the log through `done`.
  const handle = run(qa.bot, { runner: { fetch: { allowed_updates: UPDATES }, silent: true } });
  qa.log.info(`bot @${qa.bot.botInfo.username} is polling ${safeUrl(config.telegramApiRoot)}`);
  const done = (handle.task() ?? Promise.resolve()).catch((error: unknown) => {
    const code = (error as { error_code?: number }).error_code;
    if (code === 409)
      throw new Error(`Telegram kept refusing getUpdates with 409 Conflict: ${CONFLICT_ADVICE}`, { cause: error });
    throw error;
  });
  return {
    done,
    inHand: () => handle.size() + qa.tasks.size,
    async stop() {
      if (handle.isRunning()) await handle.stop();
      // The runner stops fetching at once; updates it fetched may still be on their way through.
      while (handle.size() > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await qa.tasks.settle();
    },
  };
}

/** A webhook served by the bot's own HTTP server, registered with setWebhook. */
export async function startWebhook(qa: QaBot, config: Config, health?: HealthSources): Promise<Running> {
  const url = new URL(config.webhookUrl!);
  await prepare(qa);
  // Answering can take longer than Telegram waits for the webhook's response: reply 200 after a
  // while and keep handling, rather than have Telegram deliver the update again.
  const callback = webhookCallback(qa.bot, 'http', {
    secretToken: config.webhookSecret ?? undefined,
    onTimeout: 'return',
    timeoutMilliseconds: 8_000,
  });
  const routes = health ? healthRoutes(health) : null;
  const server = createServer((req, res) => {
    if (routes?.(req, res)) return;
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== url.pathname) {
      res.writeHead(404).end();
      return;
    }
    const length = Number(req.headers['content-length']);
    if (!Number.isFinite(length) || length > WEBHOOK_MAX_BYTES) {
      // The body is never read; closing the connection after the answer stops the sender.
      res.writeHead(Number.isFinite(length) ? 413 : 411, { connection: 'close' }).end();
      return;
    }
    callback(req, res).catch((error: unknown) => {
      qa.log.error({ err: error }, 'webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.webhookPort, resolve);
  });
  // Made once listening: a failure to listen is reported above, not as an unhandled rejection.
  const done = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('close', resolve);
  });
  await qa.bot.api.setWebhook(url.href, { secret_token: config.webhookSecret ?? undefined, allowed_updates: UPDATES });
  qa.log.info(
    `bot @${qa.bot.botInfo.username} receives updates at ${url.origin}${url.pathname} (port ${config.webhookPort})`,
  );
  return {
    done,
    inHand: () => qa.tasks.size,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await qa.tasks.settle();
    },
  };
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => resolve(signal);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export interface MainOptions {
  /** How long the updates in hand may take after SIGTERM (default 10 s). */
  graceMs?: number;
  /** Where the log goes; by default standard error as LOG_LEVEL and LOG_FORMAT say. */
  log?: Log;
}

/** Listens on HEALTH_PORT for /healthz, /readyz and /metrics (polling mode has no server of its own). */
async function serveHealth(port: number, sources: HealthSources): Promise<Server> {
  const routes = healthRoutes(sources);
  const server = createServer((req, res) => {
    if (!routes(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: Error) =>
      reject(new Error(`HEALTH_PORT: cannot listen on port ${port}: ${error.message}`)),
    );
    server.listen(port, resolve);
  });
  return server;
}

/**
 * Waits for the updates in hand, at most `graceMs`: a Bot API that does not answer would
 * otherwise hold the process until the orchestrator kills it, with nothing said.
 */
async function stopWithin(running: Running, graceMs: number, log: Log): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  const stopped = running.stop().then(() => 'stopped' as const);
  const result = await Promise.race([stopped, late]);
  clearTimeout(timer);
  if (result === 'late') {
    log.error(
      { dropped: running.inHand(), graceMs },
      `stopped after ${graceMs / 1000} s with ${running.inHand()} update(s) or job(s) unfinished: their replies were dropped (an index change that did not commit is undone by the next one)`,
    );
  }
}

/**
 * `npm start`: the terminal sandbox without a token, else long polling or (with WEBHOOK_URL) a
 * webhook, until SIGINT or SIGTERM.
 */
export async function main(
  config: Config,
  io: { input: Readable; output: Writable },
  makeCore: (log: Log) => Promise<Core>,
  options: MainOptions = {},
): Promise<void> {
  const mask = masker(secretsOf(config));
  const log = options.log ?? createLog({ level: config.logLevel, format: config.logFormat, mask });
  try {
    if (!config.telegramBotToken) {
      // Said first, because building the index on a first start takes a moment.
      io.output.write(`${SANDBOX_BANNER}\n`);
      const core = await makeCore(log);
      try {
        await runSandbox(core, config, { ...io, log });
      } finally {
        await core.close();
      }
      return;
    }
    const core = await makeCore(log);
    let closeCore = true;
    try {
      const qa = await createBot(core, config, { log });
      let live = false;
      const health: HealthSources = {
        live: () => live,
        ready: async () => (live ? core.health() : { ready: false, reason: 'the bot is not receiving updates' }),
        metrics: core.metrics.registry,
      };
      const healthServer =
        !config.webhookUrl && config.healthPort ? await serveHealth(config.healthPort, health) : null;
      try {
        const running = config.webhookUrl ? await startWebhook(qa, config, health) : await startPolling(qa, config);
        live = true;
        const signal = await Promise.race([untilSignal(), running.done.then(() => 'the bot stopped')]);
        live = false;
        log.info(`${signal}: finishing the updates in hand…`);
        const graceMs = options.graceMs ?? STOP_GRACE_MS;
        await stopWithin(running, graceMs, log);
        // What did not finish in time may still be writing; the process exits without waiting.
        if (running.inHand() > 0) closeCore = false;
      } finally {
        healthServer?.close();
      }
    } finally {
      if (closeCore) await core.close();
    }
  } catch (error) {
    throw new Error(mask((error as Error).message), { cause: error });
  }
}
