import { Bot, type Api, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import { limit } from '@grammyjs/ratelimiter';
import type { Config } from '../config.js';
import { UserError, type Core } from '../types.js';
import { adminCommands, fileDownloader, isAdmin } from './admin.js';
import { answerQuestion, type AskDeps } from './ask.js';
import { FeedbackStore } from './feedback.js';
import { formatPassage, splitMessage } from './format.js';
import { ChatHistory } from './history.js';
import { COMMANDS, langOfSender, t } from './i18n.js';
import { answerKeyboard, backKeyboard, parseCallbackData, shorten } from './keyboards.js';
import { maskedLog, masker, secretsOf } from './secrets.js';
import { createLog, type Log } from '../observe/log.js';
import { Tasks } from './tasks.js';
import { handleEachUpdateOnce } from './each-update-once.js';

export interface BotDeps {
  /** Known in advance in the sandbox, where there is no getMe to call. */
  botInfo?: UserFromGetMe;
  /** Reads a file Telegram holds; by default from the Bot API's file endpoint. */
  download?: (filePath: string) => Promise<Uint8Array>;
  log?: Log;
}

export interface QaBot {
  bot: Bot;
  /** Work taken on and not finished: handled updates and background index jobs. */
  tasks: Tasks;
  /** Records errors with every token and key masked. */
  log: Log;
}

/** grammY insists on a token; the sandbox answers API calls itself and never sends it anywhere. */
const SANDBOX_TOKEN = '0:sandbox';

/** The text of a message meant as a question to the bot, or null when the message is not for it. */
function addressedQuestion(ctx: Context): string | null {
  const message = ctx.message;
  if (!message?.text || !ctx.chat) return null;
  if (ctx.chat.type === 'private') return message.text;
  const me = ctx.me;
  const mention = `@${me.username}`.toLowerCase();
  const mentions = (message.entities ?? []).filter(
    (e) =>
      (e.type === 'mention' && message.text!.slice(e.offset, e.offset + e.length).toLowerCase() === mention) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
  const repliesToMe = message.reply_to_message?.from?.id === me.id;
  if (!mentions.length && !repliesToMe) return null;
  let text = message.text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset))
    text = text.slice(0, e.offset) + text.slice(e.offset + e.length);
  return text;
}

/** Replies where the update came from: an alert for a button, a message in a chat. */
async function respond(ctx: Context, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: shorten(text, 190), show_alert: true });
  else if (ctx.chat) await ctx.reply(text);
}

/** The command menu, in Chinese and for English-language Telegram clients. */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(COMMANDS.map((c) => ({ command: c.command, description: c.zh })));
  await api.setMyCommands(
    COMMANDS.map((c) => ({ command: c.command, description: c.en })),
    { language_code: 'en' },
  );
}

/** The whole bot: every handler and middleware, independent of how updates arrive. */
export async function createBot(core: Core, config: Config, deps: BotDeps = {}): Promise<QaBot> {
  const mask = masker(secretsOf(config));
  const log = maskedLog(deps.log ?? createLog({ level: config.logLevel, format: config.logFormat, mask }), mask);
  const token = config.telegramBotToken ?? SANDBOX_TOKEN;
  const bot = new Bot(token, { client: { apiRoot: config.telegramApiRoot }, botInfo: deps.botInfo });
  const tasks = new Tasks();
  const feedback = await FeedbackStore.open(config.dataDir);
  const askDeps: AskDeps = {
    core,
    config,
    history: new ChatHistory(config.historyTurns),
    feedback,
    drafts: { enabled: true },
    log,
    tasks,
  };

  // Errors are handled in the boundary below; this only sees what escapes it.
  bot.catch((error) => log.error({ err: error.error, update: error.ctx.update.update_id }, 'update failed'));

  bot.use(handleEachUpdateOnce());

  bot.use((ctx, next) =>
    tasks.run(async () => {
      try {
        await next();
      } catch (error) {
        if (!(error instanceof UserError)) log.error({ err: error, update: ctx.update.update_id }, 'update failed');
        const text = error instanceof UserError ? error.in(langOfSender(ctx)) : t.apology(langOfSender(ctx));
        await respond(ctx, mask(text)).catch((failure: unknown) => log.warn({ err: failure }, 'could not apologise'));
      }
    }),
  );

  if (config.allowedChatIds.length) {
    bot.use(async (ctx, next) => {
      const id = ctx.chat?.id ?? ctx.from?.id;
      if ((id !== undefined && config.allowedChatIds.includes(id)) || isAdmin(config, ctx)) return next();
      if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(t.notAllowed(langOfSender(ctx)));
      else if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    });
  }

  // A chat's messages are handled in order (a follow-up needs the answer before it); button taps
  // and other chats are not held up. Background index jobs do not hold their chat either.
  bot.use(sequentialize((ctx: Context) => (ctx.message && ctx.chat ? String(ctx.chat.id) : undefined)));

  bot.callbackQuery(/^src:/, async (ctx) => {
    const action = parseCallbackData(ctx.callbackQuery.data);
    const chunk = action?.kind === 'source' ? await core.passage(action.chunkId) : null;
    if (!chunk)
      return void (await ctx.answerCallbackQuery({ text: t.passageGone(langOfSender(ctx)), show_alert: true }));
    if (!ctx.chat)
      return void (await ctx.answerCallbackQuery({
        text: shorten(`${chunk.headline}\n${chunk.text}`, 190),
        show_alert: true,
      }));
    await ctx.answerCallbackQuery();
    const message = ctx.callbackQuery.message;
    const lang = langOfSender(ctx);
    const view = splitMessage(formatPassage(chunk, lang));
    // In a group every tap would post a message for all to scroll past: the passage takes the
    // answer's place instead, with a button back to it.
    const answerId = action?.kind === 'source' ? action.answerId : null;
    if (ctx.chat.type !== 'private' && message && answerId && feedback.get(answerId)?.html && view.length === 1) {
      await ctx.editMessageText(view[0], {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: backKeyboard(answerId, lang),
      });
      return;
    }
    for (const [i, part] of view.entries()) {
      await ctx.api.sendMessage(ctx.chat.id, part, {
        parse_mode: 'HTML',
        reply_parameters:
          i === 0 && message ? { message_id: message.message_id, allow_sending_without_reply: true } : undefined,
      });
    }
  });

  bot.callbackQuery(/^back:/, async (ctx) => {
    const action = parseCallbackData(ctx.callbackQuery.data);
    const record = action?.kind === 'back' ? feedback.get(action.answerId) : undefined;
    if (!record?.html)
      return void (await ctx.answerCallbackQuery({ text: t.passageGone(langOfSender(ctx)), show_alert: true }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(record.html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: answerKeyboard(record.refused ? [] : record.sources, record.id),
    });
  });

  bot.callbackQuery(/^vote:/, async (ctx) => {
    const action = parseCallbackData(ctx.callbackQuery.data);
    if (action?.kind !== 'vote') return void (await ctx.answerCallbackQuery());
    const message = ctx.callbackQuery.message;
    await feedback.vote({
      answerId: action.answerId,
      up: action.up,
      userId: ctx.from.id,
      chatId: ctx.chat?.id ?? null,
      messageId: message?.message_id ?? null,
      messageText: message && 'text' in message ? (message.text ?? null) : null,
    });
    await ctx.answerCallbackQuery({ text: t.thanks(langOfSender(ctx), action.up) });
  });

  // Buttons from some older version of the bot: stop the client's spinner.
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());

  const limiter = limit<Context, never>({
    timeFrame: 60_000,
    limit: config.rateLimitPerMinute,
    keyGenerator: (ctx) => (ctx.from ? String(ctx.from.id) : undefined),
    onLimitExceeded: async (ctx) => {
      await ctx.reply(t.rateLimited(langOfSender(ctx)));
    },
  });

  bot.command(['start', 'help'], async (ctx) => {
    await ctx.reply(t.help(langOfSender(ctx), await core.stats()), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });
  bot.command('stats', async (ctx) => {
    await ctx.reply(t.stats(langOfSender(ctx), await core.stats()), { parse_mode: 'HTML' });
  });
  bot.command('pages', async (ctx) => {
    for (const part of splitMessage(t.pages(langOfSender(ctx), await core.pages())))
      await ctx.reply(part, { parse_mode: 'HTML' });
  });
  bot.command('new', async (ctx) => {
    askDeps.history.clear(ctx.chat.id);
    await ctx.reply(t.newConversation(langOfSender(ctx)));
  });
  bot.command('ask', limiter, (ctx) => answerQuestion(ctx, ctx.match, askDeps));

  bot.use(
    adminCommands({
      core,
      config,
      tasks,
      download: deps.download ?? fileDownloader(config.telegramApiRoot, token, config.maxUploadBytes),
      log,
      mask,
    }),
  );

  bot.on('message:text', async (ctx, next) => {
    const first = ctx.msg.entities?.[0];
    if (first?.type !== 'bot_command' || first.offset !== 0) return next();
    const [name, target] = ctx.msg.text.slice(0, first.length).split('@');
    // In a group a bare or foreign command is for another bot.
    if (target ? target.toLowerCase() !== ctx.me.username.toLowerCase() : ctx.chat.type !== 'private') return;
    await ctx.reply(t.unknownCommand(langOfSender(ctx), name), { parse_mode: 'HTML' });
  });

  bot.on('message:text', async (ctx) => {
    const question = addressedQuestion(ctx);
    if (question !== null) await limiter(ctx, () => answerQuestion(ctx, question, askDeps));
  });

  bot.on('message', async (ctx) => {
    if (ctx.chat.type === 'private') await ctx.reply(t.emptyQuestion(langOfSender(ctx)));
  });

  return { bot, tasks, log };
}
