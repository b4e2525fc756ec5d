import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { Bot, InlineKeyboard, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import { TestTelegram, freePort } from '../support/telegram-server.js';

/** A supergroup with topics, as Telegram numbers supergroups. */
const FORUM = -100_123;
const TOPIC = 5;

/** A small grammY bot with one handler for each thing the loopback has to carry. */
function testBot(telegram: TestTelegram): { bot: Bot; updates: Update[]; errors: unknown[] } {
  const bot = new Bot(telegram.token, { client: { apiRoot: telegram.apiRoot } });
  const updates: Update[] = [];
  const errors: unknown[] = [];
  bot.use((ctx, next) => {
    updates.push(ctx.update);
    return next();
  });
  bot.command('start', async (ctx) => {
    await ctx.replyWithChatAction('typing');
    await ctx.reply(`payload:${ctx.match}`, { reply_markup: new InlineKeyboard().text('more', 'more') });
  });
  bot.command('status', async (ctx) => {
    const member = await ctx.getChatMember(ctx.from!.id);
    await ctx.reply(`status:${member.status}`);
  });
  bot.callbackQuery('more', async (ctx) => {
    await ctx.answerCallbackQuery();
    const edited = await ctx.editMessageText('edited');
    await ctx.reply(`edited:${edited === true ? 'true' : edited.message_id}`);
  });
  bot.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery({ text: 'stale' });
    await ctx.reply(`forged:${ctx.callbackQuery.data}`);
  });
  bot.on('message:voice', async (ctx) => {
    const file = await ctx.getFile();
    const response = await fetch(`${telegram.apiRoot}/file/bot${telegram.token}/${file.file_path}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { duration, mime_type } = ctx.message.voice;
    await ctx.reply(`voice:${bytes.length}:${bytes[0]}:${duration}:${mime_type}`);
  });
  bot.on('message:photo', async (ctx) => {
    await ctx.reply(`photo:${ctx.message.caption}:${ctx.message.photo.length}`);
  });
  bot.on('message:text', (ctx) => ctx.reply(`echo:${ctx.message.text}`));
  bot.on('inline_query', async (ctx) => {
    const { query, offset } = ctx.inlineQuery;
    await ctx.answerInlineQuery(
      [{ type: 'article', id: 'a1', title: query, input_message_content: { message_text: query } }],
      {
        cache_time: 0,
        is_personal: true,
        next_offset: String(Number(offset || 0) + 1),
        button: { text: 'Open', start_parameter: 'inline' },
      },
    );
  });
  bot.catch((error) => {
    errors.push(error);
  });
  return { bot, updates, errors };
}

describe('the loopback Bot API, polled', () => {
  let telegram: TestTelegram;
  let bot: Bot;
  let updates: Update[];
  let errors: unknown[];

  beforeAll(async () => {
    telegram = await TestTelegram.start();
    ({ bot, updates, errors } = testBot(telegram));
    await new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
  });

  afterAll(async () => {
    await bot?.stop();
    await telegram?.stop();
    expect(errors).toEqual([]);
  });

  it('holds getUpdates while no one writes, as long polling does', async () => {
    const before = telegram.callsTo('getUpdates').length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(telegram.callsTo('getUpdates').length - before).toBeLessThanOrEqual(1);
  });

  it('carries forum topics both ways, and a command payload to ctx.match', async () => {
    const user = telegram.user({ userId: 7, chatId: FORUM, type: 'supergroup', forum: true, languageCode: 'zh' });
    await user.command('/start abc_DEF-1', { message_thread_id: TOPIC });
    const reply = await telegram.waitFor(FORUM, (m) => m.text.startsWith('payload:'), 3_000);
    expect(reply).toMatchObject({ text: 'payload:abc_DEF-1', threadId: TOPIC });
    expect(updates.at(-1)?.message).toMatchObject({
      chat: { id: FORUM, type: 'supergroup', is_forum: true },
      from: { id: 7, language_code: 'zh' },
      message_thread_id: TOPIC,
      is_topic_message: true,
      entities: [{ type: 'bot_command', offset: 0, length: '/start'.length }],
    });
    expect(telegram.callsTo('sendChatAction', FORUM).map((call) => call.payload)).toEqual([
      { chat_id: FORUM, action: 'typing', message_thread_id: TOPIC },
    ]);

    // Tapping carries the message's chat and topic, so the bot's reply lands in the same topic.
    await user.tap(reply, 'more');
    const edited = await telegram.waitFor(FORUM, (m) => m.messageId === reply.messageId && m.text === 'edited', 3_000);
    expect(edited.threadId).toBe(TOPIC);
    const after = await telegram.waitFor(FORUM, (m) => m.text.startsWith('edited:'), 3_000);
    expect(after).toMatchObject({ text: `edited:${reply.messageId}`, threadId: TOPIC });
    expect(updates.at(-1)?.callback_query?.message).toMatchObject({
      message_id: reply.messageId,
      chat: { id: FORUM, is_forum: true },
      from: { is_bot: true },
      message_thread_id: TOPIC,
      is_topic_message: true,
    });

    await user.tapData(reply, 'old:42');
    await telegram.waitFor(FORUM, (m) => m.text === 'forged:old:42', 3_000);

    // The General topic has no thread id.
    await user.say('hello');
    expect((await telegram.waitFor(FORUM, (m) => m.text === 'echo:hello', 3_000)).threadId).toBeUndefined();
  });

  it('sends inline queries and keeps the answer', async () => {
    const user = telegram.user({ userId: 8, languageCode: 'en' });
    const id = await user.inline('qingdao', '2');
    const answer = await telegram.waitForInlineAnswer(user, 3_000);
    expect(answer).toMatchObject({
      inline_query_id: id,
      results: [{ type: 'article', id: 'a1', title: 'qingdao' }],
      cache_time: 0,
      is_personal: true,
      next_offset: '3',
      button: { text: 'Open', start_parameter: 'inline' },
    });
    expect(updates.find((update) => update.inline_query?.id === id)?.inline_query).toMatchObject({
      from: { id: 8, language_code: 'en' },
      query: 'qingdao',
      offset: '2',
      chat_type: 'sender',
    });
    await expect(bot.api.answerInlineQuery('no-such-query', [])).rejects.toThrow(/query ID is invalid/);
  });

  it('serves a voice message through getFile and /file/, and a photo with its caption', async () => {
    const user = telegram.user({ userId: 9 });
    await user.sendVoice(new Uint8Array([79, 103, 103, 83, 1]), { duration: 3, mimeType: 'audio/ogg' });
    await telegram.waitFor(9, (m) => m.text === 'voice:5:79:3:audio/ogg', 3_000);
    await user.sendPhoto('港口');
    await telegram.waitFor(9, (m) => m.text === 'photo:港口:3', 3_000);
  });

  it('keeps command lists per scope and language', async () => {
    const scope = { type: 'all_private_chats' } as const;
    await bot.api.setMyCommands([{ command: 'start', description: '开始' }], { scope, language_code: 'zh' });
    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }]);
    expect(telegram.commandsFor(scope, 'zh')).toEqual([{ command: 'start', description: '开始' }]);
    expect(telegram.commandsFor(scope)).toEqual([]);
    expect(telegram.commandsFor()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(await bot.api.getMyCommands({ scope, language_code: 'zh' })).toEqual(telegram.commandsFor(scope, 'zh'));
    await bot.api.deleteMyCommands({ scope, language_code: 'zh' });
    expect(telegram.commandsFor(scope, 'zh')).toEqual([]);
  });

  it('answers chat members, administrators and the menu button', async () => {
    telegram.setAdmins(FORUM, [10]);
    await telegram.user({ userId: 10, chatId: FORUM, type: 'supergroup', forum: true }).command('/status');
    await telegram.user({ userId: 11, chatId: FORUM, type: 'supergroup', forum: true }).command('/status');
    await telegram.waitFor(FORUM, (m) => m.text === 'status:administrator', 3_000);
    await telegram.waitFor(FORUM, (m) => m.text === 'status:member', 3_000);
    const admins = await bot.api.getChatAdministrators(FORUM);
    expect(admins.map((admin) => [admin.user.id, admin.status])).toEqual([[10, 'administrator']]);
    await expect(bot.api.getChatAdministrators(9)).rejects.toThrow(/private chat/);
    await bot.api.setChatMenuButton({ chat_id: 9, menu_button: { type: 'commands' } });
    expect(await bot.api.getChatMenuButton({ chat_id: 9 })).toEqual({ type: 'commands' });
    expect(await bot.api.getChatMenuButton()).toEqual({ type: 'default' });
  });
});

describe('the loopback Bot API, through a webhook', () => {
  let telegram: TestTelegram;
  let server: Server;
  let errors: unknown[];

  beforeAll(async () => {
    telegram = await TestTelegram.start();
    const test = testBot(telegram);
    errors = test.errors;
    const port = await freePort();
    server = createServer(webhookCallback(test.bot, 'http', { secretToken: 'hook-secret' }));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await test.bot.api.setWebhook(`http://127.0.0.1:${port}/`, { secret_token: 'hook-secret' });
  });

  afterAll(async () => {
    // An update still being handled finishes first: its reply must not meet a Bot API gone away.
    await new Promise((resolve) => server?.close(resolve));
    await telegram?.stop();
    expect(errors).toEqual([]);
  });

  it('delivers inline queries and messages with the secret', async () => {
    const user = telegram.user({ userId: 12 });
    await user.inline('hook');
    expect((await telegram.waitForInlineAnswer(user, 3_000)).results).toMatchObject([{ title: 'hook' }]);
    await user.say('hi', { message_thread_id: 3 });
    expect(await telegram.waitFor(12, (m) => m.text === 'echo:hi', 3_000)).toMatchObject({ threadId: undefined });
  });
});
