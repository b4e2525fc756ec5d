import { Bot, type Context, type MiddlewareFn, type StorageAdapter } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import { autoChatAction } from '@grammyjs/auto-chat-action';
import type { Asking, Library, Operations } from '../domain/ports.js';
import type { Log } from '../observe/log.js';
import { maskedLog, masker, secretsOf, type Secrets } from '../observe/secrets.js';
import type { Conversation } from '../state/conversation.js';
import { fileState, type StateStore } from '../state/store.js';
import type { BotContext } from './context.js';
import { createI18n, translator, type Locale } from './i18n.js';
import { conversationKey, conversations } from './middleware/conversations.js';
import { handleEachUpdateOnce } from './middleware/each-update-once.js';
import { replyInTopic } from './middleware/topics.js';
import { errorBoundary } from './middleware/error-boundary.js';
import { perPersonLimit } from './middleware/rate-limit.js';
import type { RateStore } from '../state/rate-limits.js';
import { Tasks } from './tasks.js';
import { adminFeature, isAdmin } from './features/admin/admin.js';
import { answerActionsFeature } from './features/answer-actions/answer-actions.js';
import { fileDownloader } from './features/admin/download.js';
import { statsFeature } from './features/admin/stats.js';
import { finishInterrupted } from './features/admin/index-job.js';
import { ProgressMessages } from '../state/progress-messages.js';
import { dropRefusedLinks } from './middleware/refused-links.js';
import { deepLinkFeature } from './features/deep-links/deep-links.js';
import { feedbackFeature } from './features/feedback/feedback.js';
import { exampleButton } from './features/examples/callback-data.js';
import { examplesFeature } from './features/examples/examples.js';
import { helpFeature } from './features/help/help.js';
import { registerCommands } from './features/help/commands.js';
import { inlineFeature } from './features/inline/inline.js';
import { questionFeature } from './features/question/question.js';
import { sourcesFeature } from './features/sources/sources.js';
import { timelineFeature } from './features/timeline/timeline.js';

/** The core's ports the bot stands on: questions, the page library, and the operator's figures. */
export type BotPorts = Asking & Library & Operations;

/** What the bot reads of the configuration. */
export interface BotConfig extends Secrets {
  telegramApiRoot: string;
  dataDir: string;
  adminUserIds: number[];
  /** Chats (and people) the bot answers; everyone when empty. */
  allowedChatIds: number[];
  historyTtlMinutes: number;
  historyTurns: number;
  maxUploadBytes: number;
  rateLimitPerMinute: number;
}

export interface BotDeps {
  /** Known in advance in the sandbox, where there is no getMe to call. */
  botInfo?: UserFromGetMe;
  /** Reads a file Telegram holds; by default from the Bot API's file endpoint. */
  download?: (filePath: string) => Promise<Uint8Array>;
  /** Where conversations are kept; by default JSON files under DATA_DIR. */
  conversations?: StorageAdapter<Conversation>;
  /** How long one Bot API request may take; API_TIMEOUT_SECONDS but in tests. */
  apiTimeoutSeconds?: number;
  /** Where rate limits are counted; by default the state's (in this process's memory for files). */
  rateStore?: RateStore;
  /** Where conversations, votes, answers, usage and limits are kept; by default files in DATA_DIR. */
  state?: StateStore;
  log: Log;
}

export interface QaBot {
  bot: Bot<BotContext>;
  /** Work taken on and not finished: handled updates and background index jobs. */
  tasks: Tasks;
  /** How long one Bot API request may take before grammY gives up on it. */
  apiTimeoutSeconds: number;
  /** Records errors with every token and key masked. */
  log: Log;
  /** Sets the command menus: everyone's, and each admin's. */
  registerCommands(): Promise<void>;
  /** Closes the progress messages of index changes an earlier process did not live to finish. */
  finishInterrupted(): Promise<void>;
}

/**
 * grammY waits 500 s for a Bot API answer by default; a send the Bot API accepted and left
 * hanging held its chat (and every later message there) for as long. Telegram answers a send in
 * well under a second, and a long poll within its own timeout (see run.ts).
 */
export const API_TIMEOUT_SECONDS = 30;

/** grammY insists on a token; the sandbox answers API calls itself and never sends it anywhere. */
const SANDBOX_TOKEN = '0:sandbox';

/** Questions at RATE_LIMIT_PER_MINUTE; inline queries and button taps, which come in bursts of their own, apart. */
/** A tap on an example question asks it, as a message would. */
const asksQuestion = (data: string) => exampleButton.trigger.test(data);

function limiters(store: RateStore, questionsPerMinute: number) {
  return {
    askLimiter: perPersonLimit<BotContext>({
      store,
      name: 'ask',
      perMinute: questionsPerMinute,
      onExceeded: (ctx) => ctx.reply(ctx.t('rate-limited')),
    }),
    inlineLimiter: perPersonLimit<BotContext>({
      store,
      name: 'inline',
      perMinute: questionsPerMinute * 3,
      onExceeded: (ctx) =>
        ctx.answerInlineQuery([], {
          button: { text: ctx.t('inline-too-fast'), start_parameter: 'help' },
          cache_time: 5,
          is_personal: true,
        }),
    }),
    tapLimiter: perPersonLimit<BotContext>({
      store,
      name: 'tap',
      perMinute: 60,
      onExceeded: (ctx) => ctx.answerCallbackQuery({ text: ctx.t('rate-limited') }),
    }),
  };
}

/** Only the allowed chats (and admins anywhere) are answered; others are told so where they can be. */
function allowedChats(config: BotConfig, admin: (ctx: Context) => boolean): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const id = ctx.chat?.id ?? ctx.from?.id;
    if ((id !== undefined && config.allowedChatIds.includes(id)) || admin(ctx)) return next();
    if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(ctx.t('not-allowed'));
    else if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 300 });
  };
}

/** The grammY bot with its API client: bounded requests, and link buttons Telegram refuses dropped. */
function newBot(config: BotConfig, deps: BotDeps, log: Log) {
  const token = config.telegramBotToken ?? SANDBOX_TOKEN;
  const apiTimeoutSeconds = deps.apiTimeoutSeconds ?? API_TIMEOUT_SECONDS;
  const bot = new Bot<BotContext>(token, {
    client: { apiRoot: config.telegramApiRoot, timeoutSeconds: apiTimeoutSeconds },
    botInfo: deps.botInfo,
  });
  bot.api.config.use(dropRefusedLinks(log));
  return { bot, token, apiTimeoutSeconds };
}

/** The whole bot, as an ordered list of middleware and features, independent of how updates arrive. */
export async function createBot(core: BotPorts, config: BotConfig, deps: BotDeps): Promise<QaBot> {
  const mask = masker(secretsOf(config));
  const log = maskedLog(deps.log, mask);
  const { bot, token, apiTimeoutSeconds } = newBot(config, deps, log);
  const tasks = new Tasks();
  const i18n = createI18n<BotContext>();
  const translateIn = (locale: Locale) => translator(i18n, locale);
  const state = deps.state ?? (await fileState(config.dataDir));
  const { feedback, usage } = state;
  const admin = (ctx: Context) => isAdmin(config.adminUserIds, ctx);
  const download = deps.download ?? fileDownloader(config.telegramApiRoot, token, config.maxUploadBytes);
  const history = { ttlMinutes: config.historyTtlMinutes, turns: config.historyTurns };
  const answering = { asking: core, history, feedback, usage, stops: state.stops, draftsRefused: new Set<number>() };
  const { askLimiter, inlineLimiter, tapLimiter } = limiters(deps.rateStore ?? state.rates, config.rateLimitPerMinute);

  // Errors are handled in the boundary below; this only sees what escapes it.
  bot.catch((error) => log.error({ err: error.error, update: error.ctx.update.update_id }, 'update failed'));

  bot.use(handleEachUpdateOnce());

  bot.use(errorBoundary({ tasks, log, mask, translateIn }));

  bot.use(i18n);
  if (config.allowedChatIds.length) bot.use(allowedChats(config, admin));
  bot.on('callback_query', tapLimiter);

  // A conversation's messages are handled in order (a follow-up needs the answer before it), and
  // so are taps that ask an example question; other conversations, also other people in the same
  // group, other button taps and inline queries are not held up, nor is /cancel, which must reach the answer it stops while it is being written.
  bot.use(
    sequentialize((ctx: Context) =>
      /^\/cancel(@\w+)?(\s|$)/.test(ctx.message?.text ?? '') ? undefined : conversationKey(ctx, asksQuestion),
    ),
  );

  bot.use(replyInTopic());
  bot.use(autoChatAction());
  bot.use(conversations(deps.conversations ?? state.conversations, asksQuestion));

  const progress = new ProgressMessages(config.dataDir);
  const work = { log, tasks };
  bot.use(deepLinkFeature({ ...answering, ...work, limiter: askLimiter }));
  bot.use(
    helpFeature({
      operations: core,
      asking: core,
      library: core,
      historyTtlMinutes: config.historyTtlMinutes,
      isAdmin: admin,
    }),
  );
  bot.use(examplesFeature({ ...answering, ...work, limiter: askLimiter }));
  bot.use(statsFeature({ operations: core, usage, isAdmin: admin }));
  bot.use(sourcesFeature({ asking: core, feedback }));
  bot.use(timelineFeature({ asking: core, limiter: askLimiter }));
  bot.use(feedbackFeature({ feedback, isAdmin: admin }));
  bot.use(answerActionsFeature({ ...answering, ...work, limiter: askLimiter }));
  bot.use(
    adminFeature({
      library: core,
      isAdmin: admin,
      maxUploadBytes: config.maxUploadBytes,
      download,
      mask,
      progress,
      ...work,
    }),
  );
  bot.use(inlineFeature({ asking: core, limiter: inlineLimiter, translateIn, cache: state.inlineCache }));
  bot.use(questionFeature({ ...answering, ...work, isAdmin: admin, download, limiter: askLimiter }));

  // Buttons from some older version of the bot: stop the client's spinner.
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());

  return {
    bot,
    apiTimeoutSeconds,
    tasks,
    log,
    registerCommands: () => registerCommands(bot.api, config.adminUserIds, translateIn, log),
    finishInterrupted: () => finishInterrupted(bot.api, progress, (locale, key) => translateIn(locale)(key), log),
  };
}
