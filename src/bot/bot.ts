import { Bot, type Context, type MiddlewareFn, type StorageAdapter } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import { limit } from '@grammyjs/ratelimiter';
import { autoChatAction } from '@grammyjs/auto-chat-action';
import type { Config } from '../app/config.js';
import { UserError, type Core } from '../domain/types.js';
import { createLog, type Log } from '../observe/log.js';
import { userMessage } from './features/question/answering.js';
import { registerCommands } from './features/help/commands.js';
import type { BotContext } from './context.js';
import { fileConversations, type Conversation } from '../state/conversation.js';
import { conversationKey, conversations } from './middleware/conversations.js';
import { handleEachUpdateOnce } from './middleware/each-update-once.js';
import { FeedbackStore } from '../state/feedback-store.js';
import { createI18n, localeOfSender, type Locale } from './i18n.js';
import { shorten } from './render/keyboards.js';
import { maskedLog, masker, secretsOf } from '../app/secrets.js';
import { Stops } from '../state/stops.js';
import { Tasks } from './tasks.js';
import { replyInTopic } from './middleware/topics.js';
import { dropRefusedLinks } from './middleware/refused-links.js';
import { UsageLog } from '../state/usage.js';
import { adminFeature, fileDownloader, isAdmin } from './features/admin/admin.js';
import { deepLinkFeature } from './features/deep-links/deep-links.js';
import { feedbackFeature } from './features/feedback/feedback.js';
import { helpFeature } from './features/help/help.js';
import { inlineFeature } from './features/inline/inline.js';
import { questionFeature } from './features/question/question.js';
import { sourcesFeature } from './features/sources/sources.js';

export interface BotDeps {
  /** Known in advance in the sandbox, where there is no getMe to call. */
  botInfo?: UserFromGetMe;
  /** Reads a file Telegram holds; by default from the Bot API's file endpoint. */
  download?: (filePath: string) => Promise<Uint8Array>;
  /** Where conversations are kept; by default JSON files under DATA_DIR. */
  conversations?: StorageAdapter<Conversation>;
  log?: Log;
}

export interface QaBot {
  bot: Bot<BotContext>;
  /** Work taken on and not finished: handled updates and background index jobs. */
  tasks: Tasks;
  /** Records errors with every token and key masked. */
  log: Log;
  /** Sets the command menus: everyone's, and each admin's. */
  registerCommands(): Promise<void>;
}

/** grammY insists on a token; the sandbox answers API calls itself and never sends it anywhere. */
const SANDBOX_TOKEN = '0:sandbox';

/** Replies where the update came from: an alert for a button, a message in a chat, nothing inline. */
async function respond(ctx: Context, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: shorten(text, 190), show_alert: true });
  else if (ctx.chat) await ctx.reply(text);
}

/** A per-person limit of `perMinute`, saying so in the way the update allows. */
function perPerson(perMinute: number, onExceeded: (ctx: BotContext) => Promise<unknown>): MiddlewareFn<BotContext> {
  return limit<BotContext, never>({
    timeFrame: 60_000,
    limit: perMinute,
    keyGenerator: (ctx) => (ctx.from ? String(ctx.from.id) : undefined),
    onLimitExceeded: async (ctx) => {
      await onExceeded(ctx);
    },
  });
}

/** The whole bot, as an ordered list of middleware and features, independent of how updates arrive. */
export async function createBot(core: Core, config: Config, deps: BotDeps = {}): Promise<QaBot> {
  const mask = masker(secretsOf(config));
  const log = maskedLog(deps.log ?? createLog({ level: config.logLevel, format: config.logFormat, mask }), mask);
  const token = config.telegramBotToken ?? SANDBOX_TOKEN;
  const bot = new Bot<BotContext>(token, { client: { apiRoot: config.telegramApiRoot }, botInfo: deps.botInfo });
  bot.api.config.use(dropRefusedLinks(log));
  const tasks = new Tasks();
  const i18n = createI18n<BotContext>();
  const translate = (locale: Locale, key: string) => i18n.t(locale, key);
  const [feedback, usage] = await Promise.all([FeedbackStore.open(config.dataDir), UsageLog.open(config.dataDir)]);
  const admin = (ctx: Context) => isAdmin(config, ctx);
  const download = deps.download ?? fileDownloader(config.telegramApiRoot, token, config.maxUploadBytes);
  const answering = { core, config, feedback, usage, stops: new Stops(), draftsRefused: new Set<number>(), log, tasks };
  const askLimiter = perPerson(config.rateLimitPerMinute, (ctx) => ctx.reply(ctx.t('rate-limited')));
  // Inline queries and button taps come in bursts of their own; they do not use up questions.
  const inlineLimiter = perPerson(config.rateLimitPerMinute * 3, (ctx) =>
    ctx.answerInlineQuery([], {
      button: { text: ctx.t('inline-too-fast'), start_parameter: 'help' },
      cache_time: 5,
      is_personal: true,
    }),
  );
  const tapLimiter = perPerson(60, (ctx) => ctx.answerCallbackQuery({ text: ctx.t('rate-limited') }));

  // Errors are handled in the boundary below; this only sees what escapes it.
  bot.catch((error) => log.error({ err: error.error, update: error.ctx.update.update_id }, 'update failed'));

  bot.use(handleEachUpdateOnce());

  bot.use((ctx, next) =>
    tasks.run(async () => {
      try {
        await next();
      } catch (error) {
        if (!(error instanceof UserError)) log.error({ err: error, update: ctx.update.update_id }, 'update failed');
        const locale = localeOfSender(ctx);
        const text = error instanceof UserError ? userMessage(error, locale) : i18n.t(locale, 'apology');
        await respond(ctx, mask(text)).catch((failure: unknown) => log.warn({ err: failure }, 'could not apologise'));
      }
    }),
  );

  bot.use(i18n);

  if (config.allowedChatIds.length) {
    bot.use(async (ctx, next) => {
      const id = ctx.chat?.id ?? ctx.from?.id;
      if ((id !== undefined && config.allowedChatIds.includes(id)) || admin(ctx)) return next();
      if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(ctx.t('not-allowed'));
      else if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 300 });
    });
  }

  bot.on('callback_query', tapLimiter);

  // A conversation's messages are handled in order (a follow-up needs the answer before it);
  // other conversations, also other people in the same group, button taps and inline queries are
  // not held up, nor is /cancel, which must reach the answer it stops while it is being written.
  bot.use(
    sequentialize((ctx: Context) =>
      /^\/cancel(@\w+)?(\s|$)/.test(ctx.message?.text ?? '') ? undefined : conversationKey(ctx),
    ),
  );

  bot.use(replyInTopic());
  bot.use(autoChatAction());
  bot.use(conversations(deps.conversations ?? fileConversations(config.dataDir)));

  bot.use(deepLinkFeature({ ...answering, limiter: askLimiter }));
  bot.use(helpFeature({ core, usage, historyTtlMinutes: config.historyTtlMinutes, isAdmin: admin }));
  bot.use(sourcesFeature({ core, feedback }));
  bot.use(feedbackFeature({ feedback, isAdmin: admin }));
  bot.use(adminFeature({ core, config, tasks, download, log, mask }));
  bot.use(inlineFeature({ core, limiter: inlineLimiter, translate }));
  bot.use(questionFeature({ ...answering, isAdmin: admin, download, limiter: askLimiter }));

  // Buttons from some older version of the bot: stop the client's spinner.
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());

  return {
    bot,
    tasks,
    log,
    registerCommands: () => registerCommands(bot.api, config.adminUserIds, translate, log),
  };
}
