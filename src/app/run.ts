import { webhookCallback, type Bot } from 'grammy';
import type { BotContext } from '../bot/context.js';
import { run } from '@grammyjs/runner';
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import type { Config } from './config.js';
import type { QaBot } from '../bot/bot.js';
import { retryConflicts, CONFLICT_ADVICE } from '../bot/middleware/conflict.js';
import { retryUnanswered } from '../bot/middleware/unanswered-calls.js';
import type { Log } from '../observe/log.js';
import { safeUrl } from '../observe/safe-url.js';
import { identifyBot } from './bot-identity.js';
import { startHttpServer, type HealthSources } from './http-server.js';
import type { Running } from './lifecycle.js';

export type { Running };

const UPDATES = ['message', 'callback_query', 'inline_query'] as const;
/** How long a 409 Conflict on getUpdates may last before the bot gives up (a deployment's overlap is shorter). */
const CONFLICT_GIVE_UP_MS = 5 * 60_000;

/**
 * Telegram's limits (about a message a second per chat, 20 a minute per group) are kept by the
 * throttler; auto-retry waits out a 429 and retries server errors. When many chats are answered
 * at once, retries come back together and meet the limit again: each round lets about half of
 * them through, so twenty answers need some seven rounds. Ten attempts, each waiting at most
 * 30 s, deliver them; a longer retry_after fails the call rather than hold the chat. A call the
 * Bot API leaves unanswered ends at the client's request timeout and is retried for a bounded
 * time only, so that a stalled send holds its chat's queue for about that timeout, not minutes.
 */
function connect(bot: Bot<BotContext>, throttle: boolean, log: Log, timeoutSeconds: number): void {
  if (throttle) {
    const throttled = apiThrottler();
    // Telegram's per-chat limit is about messages; an answer held a second behind its own
    // "typing" action would only arrive later. Chat actions skip the queue.
    bot.api.config.use((prev, method, payload, signal) =>
      method === 'sendChatAction' ? prev(method, payload, signal) : throttled(prev, method, payload, signal),
    );
  }
  bot.api.config.use(retryUnanswered(log, 2 * timeoutSeconds * 1_000));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 10, maxDelaySeconds: 30, rethrowHttpErrors: true }));
}

/**
 * getUpdates' long poll, within the request timeout: Telegram answers at the poll's end at the
 * latest, and the answer has the rest of the timeout to arrive before the client gives up.
 */
function longPollSeconds(timeoutSeconds: number): number {
  return Math.max(1, Math.floor((timeoutSeconds * 2) / 3));
}

/**
 * The bot's account first, before retries are set up: a refused token or a Bot API out of reach
 * is said at once (see bot-identity.ts), rather than retried in silence by the API's transformers.
 */
async function prepare(qa: QaBot, config: Config, options: StartOptions): Promise<void> {
  qa.bot.botInfo = await identifyBot(() => qa.bot.api.getMe(), {
    apiRoot: config.telegramApiRoot,
    log: qa.log,
    retryMs: options.unreachableRetryMs,
  });
  connect(qa.bot, options.throttle ?? true, qa.log, qa.apiTimeoutSeconds);
  await qa.finishInterrupted();
  try {
    await qa.registerCommands();
  } catch (error) {
    // A missing command menu is cosmetic; the commands work without it.
    qa.log.warn({ err: error }, 'could not register the command menu');
  }
}

export interface StartOptions {
  /** Off only to measure the bot's own latency apart from Telegram's rate limits (the bench). */
  throttle?: boolean;
  /** How often getMe is tried while the Bot API is out of reach; 10 s but in tests. */
  unreachableRetryMs?: number;
}

export interface PollingOptions extends StartOptions {
  conflictGiveUpMs?: number;
}

/** Long polling with @grammyjs/runner: updates handled concurrently, in order within a chat. */
export async function startPolling(qa: QaBot, config: Config, options: PollingOptions = {}): Promise<Running> {
  await prepare(qa, config, options);
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
  const handle = run(qa.bot, {
    runner: { fetch: { allowed_updates: UPDATES, timeout: longPollSeconds(qa.apiTimeoutSeconds) }, silent: true },
  });
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

/** A webhook on the process's HTTP server (with the health endpoints, when given), registered with setWebhook. */
export async function startWebhook(qa: QaBot, config: Config, health?: HealthSources): Promise<Running> {
  const url = new URL(config.webhookUrl!);
  await prepare(qa, config, {});
  // Answering can take longer than Telegram waits for the webhook's response: reply 200 after a
  // while and keep handling, rather than have Telegram deliver the update again.
  const callback = webhookCallback(qa.bot, 'http', {
    secretToken: config.webhookSecret ?? undefined,
    onTimeout: 'return',
    timeoutMilliseconds: 8_000,
  });
  const server = await startHttpServer({
    port: config.webhookPort,
    host: config.healthHost,
    portVariable: 'WEBHOOK_PORT',
    health,
    webhook: {
      path: url.pathname,
      handle: (req, res) =>
        void callback(req, res).catch((error: unknown) => {
          qa.log.error({ err: error }, 'webhook request failed');
          if (!res.headersSent) res.writeHead(500).end();
        }),
    },
  });
  await qa.bot.api.setWebhook(url.href, { secret_token: config.webhookSecret ?? undefined, allowed_updates: UPDATES });
  qa.log.info(
    `bot @${qa.bot.botInfo.username} receives updates at ${url.origin}${url.pathname} (port ${config.webhookPort})`,
  );
  return {
    done: server.done,
    inHand: () => qa.tasks.size,
    async stop() {
      await server.close();
      await qa.tasks.settle();
    },
  };
}
