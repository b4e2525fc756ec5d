import { createServer } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { webhookCallback, type Bot } from 'grammy';
import { run } from '@grammyjs/runner';
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import type { Config } from '../config.js';
import type { Core } from '../types.js';
import { createBot, registerCommands, type QaBot } from './bot.js';
import { runSandbox, SANDBOX_BANNER } from './sandbox.js';
import { masker, secretsOf } from './secrets.js';
import { safeUrl } from '../safe-url.js';

export interface Running {
  /** Stops taking updates and waits for those taken (and background jobs) to finish. */
  stop(): Promise<void>;
  /** Settles if the bot stops by itself (a runner that gave up, a server that failed). */
  done: Promise<void>;
}

const UPDATES = ['message', 'callback_query'] as const;
/**
 * Telegram's updates are a few kilobytes (a long message with its entities stays under 64 KB);
 * a larger body is refused before it is read, whoever sends it.
 */
const WEBHOOK_MAX_BYTES = 1_000_000;

/**
 * Telegram's limits (about a message a second per chat, 20 a minute per group) are kept by the
 * throttler; auto-retry waits out a 429 and retries server errors, a few times.
 */
function connect(bot: Bot, throttle: boolean): void {
  if (throttle) {
    const throttled = apiThrottler();
    // Telegram's per-chat limit is about messages; an answer held a second behind its own
    // "typing" action would only arrive later. Chat actions skip the queue.
    bot.api.config.use((prev, method, payload, signal) =>
      method === 'sendChatAction' ? prev(method, payload, signal) : throttled(prev, method, payload, signal),
    );
  }
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
}

async function prepare(qa: QaBot, throttle = true): Promise<void> {
  connect(qa.bot, throttle);
  await qa.bot.init();
  try {
    await registerCommands(qa.bot.api);
  } catch (error) {
    // A missing command menu is cosmetic; the commands work without it.
    qa.log(`could not register the command menu: ${(error as Error).message}`);
  }
}

export interface PollingOptions {
  /** Off only to measure the bot's own latency apart from Telegram's rate limits (the bench). */
  throttle?: boolean;
}

/** Long polling with @grammyjs/runner: updates handled concurrently, in order within a chat. */
export async function startPolling(qa: QaBot, config: Config, options: PollingOptions = {}): Promise<Running> {
  await prepare(qa, options.throttle ?? true);
  // getUpdates is refused while a webhook is set (say, by an earlier deployment).
  await qa.bot.api.deleteWebhook();
  const handle = run(qa.bot, { runner: { fetch: { allowed_updates: UPDATES } } });
  qa.log(`bot @${qa.bot.botInfo.username} is polling ${safeUrl(config.telegramApiRoot)}`);
  return {
    done: handle.task() ?? Promise.resolve(),
    async stop() {
      if (handle.isRunning()) await handle.stop();
      // The runner stops fetching at once; updates it fetched may still be on their way through.
      while (handle.size() > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await qa.tasks.settle();
    },
  };
}

/** A webhook served by the bot's own HTTP server, registered with setWebhook. */
export async function startWebhook(qa: QaBot, config: Config): Promise<Running> {
  const url = new URL(config.webhookUrl!);
  await prepare(qa);
  // Answering can take longer than Telegram waits for the webhook's response: reply 200 after a
  // while and keep handling, rather than have Telegram deliver the update again.
  const callback = webhookCallback(qa.bot, 'http', { secretToken: config.webhookSecret ?? undefined, onTimeout: 'return', timeoutMilliseconds: 8_000 });
  const server = createServer((req, res) => {
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
      qa.log(`webhook request failed: ${(error as Error).message}`);
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
  qa.log(`bot @${qa.bot.botInfo.username} receives updates at ${url.origin}${url.pathname} (port ${config.webhookPort})`);
  return {
    done,
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

/**
 * `npm start`: the terminal sandbox without a token, else long polling or (with WEBHOOK_URL) a
 * webhook, until SIGINT or SIGTERM.
 */
export async function main(config: Config, io: { input: Readable; output: Writable }, makeCore: (log: (message: string) => void) => Promise<Core>): Promise<void> {
  const mask = masker(secretsOf(config));
  const log = (message: string) => console.error(mask(message));
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
    try {
      const qa = await createBot(core, config, { log });
      const running = config.webhookUrl ? await startWebhook(qa, config) : await startPolling(qa, config);
      const signal = await Promise.race([untilSignal(), running.done.then(() => 'the bot stopped')]);
      qa.log(`${signal}: finishing the updates in hand…`);
      await running.stop();
    } finally {
      await core.close();
    }
  } catch (error) {
    throw new Error(mask((error as Error).message), { cause: error });
  }
}
