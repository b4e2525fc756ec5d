import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
// The package's default export is typed as its module namespace; the class itself is this one.
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type {
  BotCommand,
  BotCommandScope,
  Chat,
  ChatMember,
  ChatMemberAdministrator,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  InlineQuery,
  InlineQueryResult,
  InlineQueryResultsButton,
  MenuButton,
  Message,
  Update,
  User,
} from 'grammy/types';

export interface Fault {
  status: number;
  description: string;
  parameters?: { retry_after?: number };
}

export interface BotApiCall {
  method: string;
  payload: Record<string, any>;
}

/** A message the bot sent, in its current state (edits applied). */
export interface BotMessage {
  messageId: number;
  chatId: number;
  text: string;
  parseMode: string | undefined;
  buttons: InlineKeyboardButton.CallbackButton[];
  replyTo: number | undefined;
  /** The forum topic (or reply thread) the bot sent it to; optional so that tests can forge messages. */
  threadId?: number;
}

export interface UserOptions {
  userId: number;
  /** Defaults to the user's private chat. */
  chatId?: number;
  type?: 'private' | 'group' | 'supergroup';
  languageCode?: string;
  /** A supergroup with topics: its chat has is_forum, and messages sent in a topic are topic messages. */
  forum?: boolean;
}

/** Fields a user's message carries besides its text; message_thread_id posts it in that topic. */
export type MessageExtra = Record<string, unknown> & { message_thread_id?: number };

/** What the bot passed to answerInlineQuery, its JSON fields parsed. */
export interface InlineAnswer {
  inline_query_id: string;
  results: InlineQueryResult[];
  cache_time?: number;
  is_personal?: boolean;
  next_offset?: string;
  button?: InlineQueryResultsButton;
}

/** What Telegram would do with a file a user sent: kept here, served by getFile and /file/. */
interface StoredFile {
  path: string;
  bytes: Uint8Array;
}

type StoredBotMessage = TelegramServer['storage']['botMessages'][number];

/** The bot as telegram-test-api's getMe describes it. */
const BOT: User = { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' };

/** A user as telegram-test-api's client names them. */
function person(userId: number, languageCode?: string): User {
  if (userId === BOT.id) return BOT;
  return {
    id: userId,
    is_bot: false,
    first_name: `User${userId}`,
    username: `user${userId}`,
    ...(languageCode ? { language_code: languageCode } : {}),
  };
}

/** Form-encoded calls carry their objects as JSON strings; JSON calls carry them as they are. */
function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Telegram keeps one command list per scope and language; these are its keys. */
function commandKey(scope: BotCommandScope | undefined, languageCode: unknown): string {
  const { type, chat_id, user_id } = { type: 'default', ...scope } as Record<string, unknown>;
  return JSON.stringify([type, chat_id ?? null, user_id ?? null, languageCode ?? '']);
}

let inlineQueryCount = 0;

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parsePayload(body: Buffer, contentType: string | undefined, query: URLSearchParams): Record<string, any> {
  const fields: Record<string, any> = Object.fromEntries(query);
  if (!body.length) return fields;
  if (contentType?.includes('application/json')) return { ...fields, ...JSON.parse(body.toString('utf8')) };
  return { ...fields, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const ok = (res: ServerResponse, result: unknown) => reply(res, 200, { ok: true, result });
const fail = (res: ServerResponse, status: number, description: string) =>
  reply(res, status, { ok: false, error_code: status, description });

/**
 * A Bot API for end-to-end tests: telegram-test-api (messages, edits, callback queries, users'
 * updates) behind a small proxy on 127.0.0.1 that adds what it lacks — long polling, getFile and
 * the /file/ download route, inline queries, command lists per scope, chat members, and webhooks
 * that carry the secret token — answers with messages shaped as Telegram's, and records every
 * call the bot makes.
 */
export class TestTelegram {
  readonly token = '123456:TEST-token_for_the_bot_e2e';
  readonly calls: BotApiCall[] = [];
  apiRoot = '';
  /** Whether sendMessageDraft works (Telegram allows it for some bots only). */
  supportsDrafts = false;
  /**
   * Answers a call in the Bot API's place when it returns something: an error (a 409 Conflict, a
   * 429 with retry_after) or 'hang', a request never answered, as from a Bot API out of reach.
   */
  intercept: ((method: string, payload: Record<string, any>) => Fault | 'hang' | null) | null = null;
  /** Calls left unanswered: to `method` in `chatId`, made before `until`. */
  private readonly stalls: Array<{ method: string; chatId: number; until: number }> = [];
  private readonly files = new Map<string, StoredFile>();
  private readonly chats = new Map<number, Chat>();
  private readonly admins = new Map<number, number[]>();
  private readonly commands = new Map<string, BotCommand[]>();
  private readonly menuButtons = new Map<string, MenuButton>();
  /** Inline queries sent, by id, with the answer once the bot gives one. */
  private readonly inlineQueries = new Map<string, InlineAnswer | null>();
  /** Updates telegram-test-api cannot make, waiting for getUpdates. */
  private readonly pending: Update[] = [];
  private webhook: { url: string; secret: string | undefined } | null = null;
  private nextFile = 1;

  private constructor(
    readonly inner: TelegramServer,
    private readonly proxy: Server,
  ) {}

  /** On `port` when given (a Bot API that comes up where a bot already looks for it), else on any free one. */
  static async start(port = 0): Promise<TestTelegram> {
    const inner = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3_600 });
    await inner.start();
    const proxy = createServer();
    const telegram = new TestTelegram(inner, proxy);
    proxy.on('request', (req, res) => {
      telegram.handle(req, res).catch((error: unknown) => fail(res, 500, String(error)));
    });
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    telegram.apiRoot = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    return telegram;
  }

  async stop(): Promise<void> {
    this.proxy.closeAllConnections();
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
    await this.inner.stop();
  }

  user(options: UserOptions): TestUser {
    const chatId = options.chatId ?? options.userId;
    const type = options.type ?? 'private';
    const title = type === 'private' ? undefined : `Chat ${chatId}`;
    const client = this.inner.getClient(this.token, {
      userId: options.userId,
      chatId,
      type,
      chatTitle: title,
      firstName: `User${options.userId}`,
      userName: `user${options.userId}`,
      timeout: 10_000,
    });
    if (!this.chats.has(chatId)) {
      const { first_name, username } = person(options.userId);
      this.chats.set(
        chatId,
        type === 'private'
          ? { id: chatId, type, first_name, username }
          : type === 'group'
            ? { id: chatId, type, title: title! }
            : { id: chatId, type, title: title!, ...(options.forum ? { is_forum: true as const } : {}) },
      );
    }
    return new TestUser(this, client, options);
  }

  /**
   * A Bot API that takes `method` calls to `chatId` for the next `forMs` and never answers them (the
   * connection stays open), as Telegram's does when it stalls; later calls are answered.
   */
  stall(method: string, chatId: number, forMs: number): void {
    this.stalls.push({ method, chatId, until: Date.now() + forMs });
  }

  /** Keeps a file as Telegram would after a user sends it; returns its file_id. */
  addFile(name: string, bytes: Uint8Array, folder = 'documents'): string {
    const id = `file${this.nextFile++}`;
    this.files.set(id, { path: `${folder}/${id}_${name}`, bytes });
    return id;
  }

  /** The calls the bot made to `method`, to `chatId` only when given. */
  callsTo(method: string, chatId?: number): BotApiCall[] {
    return this.calls.filter(
      (call) => call.method === method && (chatId === undefined || Number(call.payload.chat_id) === chatId),
    );
  }

  /** The command list the bot set for `scope` and `languageCode` (empty when it set none). */
  commandsFor(scope: BotCommandScope = { type: 'default' }, languageCode = ''): BotCommand[] {
    return this.commands.get(commandKey(scope, languageCode)) ?? [];
  }

  /** Makes these users the chat's administrators for getChatMember and getChatAdministrators. */
  setAdmins(chatId: number, userIds: number[]): void {
    this.admins.set(chatId, userIds);
  }

  /** Delivers an update as Telegram would: to the webhook when one is set, else to getUpdates. */
  async sendUpdate(update: Omit<Update, 'update_id'>): Promise<Update> {
    // One sequence of update_ids with telegram-test-api's own updates, so that polling sees them in order.
    const counter = this.inner as unknown as { updateId: number };
    const full = { update_id: counter.updateId++, ...update } as Update;
    if (full.inline_query) this.inlineQueries.set(full.inline_query.id, null);
    if (!this.webhook) {
      this.pending.push(full);
      return full;
    }
    const response = await this.postToWebhook(JSON.stringify(full));
    if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
    return full;
  }

  /** What the bot answered to an inline query (a user's newest one when given a user), waiting for it. */
  async waitForInlineAnswer(query: string | TestUser, timeoutMs = 30_000): Promise<InlineAnswer> {
    const id = typeof query === 'string' ? query : query.lastInlineQuery;
    if (id === undefined || !this.inlineQueries.has(id)) throw new Error(`no inline query ${id} was sent`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = this.inlineQueries.get(id);
      if (answer) return answer;
      if (Date.now() > deadline) throw new Error(`the bot did not answer inline query ${id} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  messages(chatId: number): BotMessage[] {
    return this.inner.storage.botMessages
      .filter((stored) => String(stored.message.chat_id) === String(chatId))
      .map((stored) => {
        const message = stored.message as Record<string, any>;
        const markup = message.reply_markup as InlineKeyboardMarkup | undefined;
        return {
          messageId: stored.messageId,
          chatId,
          text: String(message.text ?? ''),
          parseMode: message.parse_mode,
          buttons: (markup?.inline_keyboard ?? []).flat() as InlineKeyboardButton.CallbackButton[],
          replyTo: message.reply_parameters?.message_id,
          threadId: message.message_thread_id === undefined ? undefined : Number(message.message_thread_id),
        };
      });
  }

  /** The first message the bot sent to `chatId` that satisfies `predicate`, waiting for it. */
  async waitFor(chatId: number, predicate: (message: BotMessage) => boolean, timeoutMs = 30_000): Promise<BotMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages(chatId).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `no such bot message in chat ${chatId} within ${timeoutMs} ms; it has: ${JSON.stringify(this.messages(chatId).map((m) => m.text))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A message of the bot's as users (and the bot, in answers and callback queries) see it. */
  seen(message: BotMessage): Message {
    const stored = this.stored(message.chatId, message.messageId);
    if (stored) return this.shape(stored);
    const chat = this.chat(message.chatId);
    return {
      message_id: message.messageId,
      from: BOT,
      chat,
      date: Math.floor(Date.now() / 1000),
      text: message.text,
      ...(message.buttons.length ? { reply_markup: { inline_keyboard: [message.buttons] } } : {}),
      ...this.thread(chat, message.threadId),
    } as Message;
  }

  private chat(chatId: number): Chat {
    return this.chats.get(chatId) ?? { id: chatId, type: 'private', first_name: `User${chatId}` };
  }

  /** Telegram marks messages in a forum's topics as topic messages; elsewhere a thread is replies. */
  private thread(chat: Chat, threadId: number | undefined): Partial<Message> {
    if (threadId === undefined) return {};
    return {
      message_thread_id: threadId,
      ...(chat.type === 'supergroup' && chat.is_forum ? { is_topic_message: true } : {}),
    };
  }

  private stored(chatId: number, messageId: number): StoredBotMessage | undefined {
    return this.inner.storage.botMessages.find(
      (stored) => stored.messageId === messageId && String(stored.message.chat_id) === String(chatId),
    );
  }

  /** telegram-test-api answers with the bot's own payload, a private chat and a date in milliseconds. */
  private shape(stored: StoredBotMessage): Message {
    const message = stored.message as Record<string, any>;
    const chat = this.chat(Number(message.chat_id));
    const markup = message.reply_markup as InlineKeyboardMarkup | undefined;
    const threadId = message.message_thread_id === undefined ? undefined : Number(message.message_thread_id);
    return {
      message_id: stored.messageId,
      from: BOT,
      chat,
      date: Math.floor(stored.time / 1000),
      text: String(message.text ?? ''),
      ...(markup?.inline_keyboard?.length ? { reply_markup: markup } : {}),
      ...this.thread(chat, threadId),
    } as Message;
  }

  private member(chatId: number, userId: number): ChatMember {
    const user = person(userId);
    if (!this.admins.get(chatId)?.includes(userId)) return { status: 'member', user };
    const admin: ChatMemberAdministrator = {
      status: 'administrator',
      user,
      can_be_edited: false,
      is_anonymous: false,
      can_manage_chat: true,
      can_delete_messages: true,
      can_manage_video_chats: true,
      can_restrict_members: true,
      can_promote_members: false,
      can_change_info: true,
      can_invite_users: true,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
      can_pin_messages: true,
      can_send_welcome_messages: false,
    };
    return admin;
  }

  private unread(): boolean {
    return (
      this.pending.length > 0 ||
      this.inner.storage.userMessages.some((update) => update.botToken === this.token && !update.isRead)
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      const file = [...this.files.values()].find((f) => f.path === decodeURIComponent(download[2]));
      if (download[1] !== this.token || !file) return fail(res, 404, 'Not Found');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(file.bytes.byteLength),
      });
      return void res.end(file.bytes);
    }
    if (url.pathname === '/__webhook') return this.deliver(req, res);
    const call = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!call) return fail(res, 404, 'Not Found');
    const body = await readBody(req);
    const method = call[2];
    const payload = parsePayload(body, req.headers['content-type'], url.searchParams);
    this.calls.push({ method, payload });
    if (call[1] !== this.token) return fail(res, 401, 'Unauthorized');
    const stalled = this.stalls.some(
      (stall) => stall.method === method && stall.chatId === Number(payload.chat_id) && Date.now() < stall.until,
    );
    if (stalled) return;
    const fault = this.intercept?.(method, payload);
    if (fault === 'hang') return;
    if (fault)
      return reply(res, fault.status, {
        ok: false,
        error_code: fault.status,
        description: fault.description,
        parameters: fault.parameters,
      });

    if (refusedButtonUrl(payload.reply_markup)) return fail(res, 400, 'Bad Request: BUTTON_URL_INVALID');

    const chatId = Number(payload.chat_id);
    switch (method) {
      case 'setMyCommands': {
        const commands = parsed<BotCommand[]>(payload.commands);
        const key = commandKey(parsed(payload.scope), payload.language_code);
        if (commands.length) this.commands.set(key, commands);
        else this.commands.delete(key);
        return ok(res, true);
      }
      case 'deleteMyCommands':
        this.commands.delete(commandKey(parsed(payload.scope), payload.language_code));
        return ok(res, true);
      case 'getMyCommands':
        return ok(res, this.commands.get(commandKey(parsed(payload.scope), payload.language_code)) ?? []);
      case 'setChatMenuButton':
        this.menuButtons.set(String(payload.chat_id ?? ''), parsed(payload.menu_button) ?? { type: 'default' });
        return ok(res, true);
      case 'getChatMenuButton':
        return ok(res, this.menuButtons.get(String(payload.chat_id ?? '')) ?? { type: 'default' });
      case 'getChatMember':
        return ok(res, this.member(chatId, Number(payload.user_id)));
      case 'getChatAdministrators':
        if (this.chat(chatId).type === 'private')
          return fail(res, 400, 'Bad Request: there are no administrators in the private chat');
        return ok(
          res,
          (this.admins.get(chatId) ?? []).map((userId) => this.member(chatId, userId)),
        );
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return ok(res, true);
      case 'sendMessageDraft':
        return this.supportsDrafts
          ? ok(res, true)
          : fail(res, 400, 'Bad Request: drafts are not available for this bot');
      case 'answerInlineQuery': {
        const id = String(payload.inline_query_id);
        if (this.inlineQueries.get(id) !== null)
          return fail(res, 400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        this.inlineQueries.set(id, {
          ...payload,
          inline_query_id: id,
          results: parsed(payload.results),
          ...(payload.button ? { button: parsed(payload.button) } : {}),
          ...(payload.cache_time === undefined ? {} : { cache_time: Number(payload.cache_time) }),
          ...(payload.is_personal === undefined ? {} : { is_personal: String(payload.is_personal) === 'true' }),
        });
        return ok(res, true);
      }
      case 'getFile': {
        const file = this.files.get(String(payload.file_id));
        if (!file) return fail(res, 400, 'Bad Request: invalid file_id');
        return ok(res, {
          file_id: payload.file_id,
          file_unique_id: payload.file_id,
          file_size: file.bytes.byteLength,
          file_path: file.path,
        });
      }
      case 'getUpdates':
        await this.longPoll(res, Math.min(Number(payload.timeout ?? 0), 1) * 1_000);
        // A poll the bot gave up on takes no updates with it.
        if (res.destroyed) return;
        break;
      case 'setWebhook':
        this.webhook = { url: String(payload.url), secret: payload.secret_token };
        // telegram-test-api posts updates without the secret header; the proxy adds it.
        return this.forward(method, res, { ...payload, url: `${this.apiRoot}/__webhook` });
      case 'deleteWebhook':
        this.webhook = null;
        break;
    }
    return this.forward(method, res, payload);
  }

  /** Holds getUpdates until a user sends something (or the timeout), as Telegram does. */
  private async longPoll(res: ServerResponse, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.unread() && Date.now() < deadline && !res.destroyed) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async forward(method: string, res: ServerResponse, payload: Record<string, any>): Promise<void> {
    const response = await fetch(`${this.inner.config.apiURL}/bot${this.token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const text = await response.text();
    // telegram-test-api answers unknown methods with a bare 500; the Bot API says 404.
    if (!response.ok) return fail(res, response.status === 500 ? 404 : response.status, `Not Found: ${text}`);
    const answer = JSON.parse(text);
    if (answer.ok) answer.result = this.result(method, payload, answer.result);
    reply(res, 200, answer);
  }

  /** What Telegram returns where telegram-test-api returns something else. */
  private result(method: string, payload: Record<string, any>, result: any): unknown {
    switch (method) {
      case 'getUpdates':
        return [...result, ...this.pending.splice(0)].sort((a: Update, b: Update) => a.update_id - b.update_id);
      case 'sendMessage': {
        const stored = this.stored(Number(payload.chat_id), result.message_id);
        return stored ? this.shape(stored) : result;
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        if (payload.inline_message_id) return true;
        const stored = this.stored(Number(payload.chat_id), Number(payload.message_id));
        return stored ? this.shape(stored) : result;
      }
      default:
        return result;
    }
  }

  private postToWebhook(body: string | Uint8Array<ArrayBuffer>): Promise<Response> {
    const webhook = this.webhook!;
    return fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(webhook.secret ? { 'x-telegram-bot-api-secret-token': webhook.secret } : {}),
      },
      body,
    });
  }

  private async deliver(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (!this.webhook) return fail(res, 404, 'no webhook');
    const response = await this.postToWebhook(new Uint8Array(body));
    res.writeHead(response.status, { 'content-type': 'application/json' });
    res.end(await response.text());
  }
}

type Client = ReturnType<TelegramServer['getClient']>;

/** Enough of a JPEG for a bot that reads a photo's caption or passes its bytes on unseen. */
const TINY_JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

/** One person talking to the bot, in a private chat or a group. */
export class TestUser {
  /** The id of the newest inline query this user sent. */
  lastInlineQuery: string | undefined;

  constructor(
    private readonly telegram: TestTelegram,
    private readonly client: Client,
    readonly options: UserOptions,
  ) {}

  get chatId(): number {
    return this.options.chatId ?? this.options.userId;
  }

  private get from(): Record<string, unknown> {
    return this.options.languageCode ? { from: { language_code: this.options.languageCode } } : {};
  }

  /** What telegram-test-api's client leaves out of a message: the forum flag, topics, the language. */
  private fields(extra: MessageExtra): Record<string, unknown> {
    const forum = this.options.type === 'supergroup' && this.options.forum;
    return {
      ...this.from,
      ...(forum ? { chat: { is_forum: true } } : {}),
      ...(forum && extra.message_thread_id !== undefined ? { is_topic_message: true } : {}),
      ...extra,
    };
  }

  /** A text message; `extra` is merged in (message_thread_id, entities, reply_to_message…). */
  async say(text: string, extra: MessageExtra = {}): Promise<void> {
    await this.client.sendMessage(this.client.makeMessage(text, this.fields(extra)));
  }

  /** A command, with a bot_command entity over its first word only, so that its payload follows. */
  async command(text: string, extra: MessageExtra = {}): Promise<void> {
    await this.client.sendCommand(this.client.makeCommand(text, this.fields(extra)));
  }

  /** Presses the button of `message` whose text starts with `label` (or its `index`-th button). */
  async tap(message: BotMessage, label: string | number): Promise<void> {
    const button =
      typeof label === 'number' ? message.buttons[label] : message.buttons.find((b) => b.text.startsWith(label));
    if (!button) throw new Error(`no button ${label} on ${JSON.stringify(message.buttons)}`);
    await this.tapData(message, button.callback_data);
  }

  /** A callback query from `message` with any data, as a forged or stale client could send. */
  async tapData(message: BotMessage, data: string): Promise<void> {
    const query = this.client.makeCallbackQuery(data, this.from) as Record<string, unknown>;
    // The message as the bot sent it, in its chat and topic: the client's own would be the user's.
    query.message = this.telegram.seen(message);
    await this.client.sendCallback(query as never);
  }

  /** Types `@bot query` in a chat; returns the inline query's id. */
  async inline(query: string, offset = '', chatType?: InlineQuery['chat_type']): Promise<string> {
    const id = String(++inlineQueryCount);
    this.lastInlineQuery = id;
    const type = this.options.type ?? 'private';
    await this.telegram.sendUpdate({
      inline_query: {
        id,
        from: person(this.options.userId, this.options.languageCode),
        query,
        offset,
        // In the user's own chat with the bot Telegram says 'sender'; 'private' is a chat with someone else.
        chat_type: chatType ?? (type === 'private' ? 'sender' : type),
      },
    });
    return id;
  }

  /** Sends a document; `declaredSize` is what Telegram reports as file_size, when it differs. Returns its file_id. */
  async sendDocument(
    name: string,
    bytes: Uint8Array,
    declaredSize = bytes.byteLength,
    caption?: string,
    extra: MessageExtra = {},
  ): Promise<string> {
    const fileId = this.telegram.addFile(name, bytes);
    await this.post(
      {
        document: { file_id: fileId, file_unique_id: fileId, file_name: name, file_size: declaredSize },
        ...(caption ? { caption } : {}),
      },
      extra,
    );
    return fileId;
  }

  /** Sends a voice message whose bytes getFile and /file/ serve; returns its file_id. */
  async sendVoice(
    bytes: Uint8Array,
    options: { duration?: number; mimeType?: string; caption?: string } & MessageExtra = {},
  ): Promise<string> {
    const { duration = 1, mimeType = 'audio/ogg', caption, ...extra } = options;
    const extension = mimeType === 'audio/ogg' ? 'oga' : mimeType.split('/')[1];
    const fileId = this.telegram.addFile(`voice.${extension}`, bytes, 'voice');
    await this.post(
      {
        voice: { file_id: fileId, file_unique_id: fileId, duration, mime_type: mimeType, file_size: bytes.byteLength },
        ...(caption ? { caption } : {}),
      },
      extra,
    );
    return fileId;
  }

  /**
   * Sends a photo in three sizes, smallest first as Telegram lists them, each downloadable (with the
   * same bytes); returns the largest size's file_id.
   */
  async sendPhoto(caption?: string, options: { bytes?: Uint8Array } & MessageExtra = {}): Promise<string> {
    const { bytes = TINY_JPEG, ...extra } = options;
    const photo = [90, 320, 800].map((side) => {
      const fileId = this.telegram.addFile(`photo_${side}.jpg`, bytes, 'photos');
      return { file_id: fileId, file_unique_id: fileId, width: side, height: side, file_size: bytes.byteLength };
    });
    await this.post({ photo, ...(caption ? { caption } : {}) }, extra);
    return photo[photo.length - 1].file_id;
  }

  private async post(content: Record<string, unknown>, extra: MessageExtra): Promise<void> {
    const message: Record<string, unknown> = { ...this.client.makeMessage('', this.fields(extra)), ...content };
    delete message.text;
    await this.client.sendMessage(message as never);
  }
}

/**
 * Whether Telegram would refuse a URL button of this keyboard, as it does every message that has
 * one: a button opens http(s) links to a named host (with a dot, a top-level domain of letters)
 * and tg:// links only.
 */
function refusedButtonUrl(markup: unknown): boolean {
  const keyboard = parsed<InlineKeyboardMarkup | undefined>(markup as string | undefined);
  const urls = (keyboard?.inline_keyboard ?? []).flat().flatMap((button) => ('url' in button ? [button.url] : []));
  return urls.some((url) => {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      return true;
    }
    if (parsedUrl.protocol === 'tg:') return false;
    return !/^https?:$/.test(parsedUrl.protocol) || !/\.[a-z]{2,}$|\.xn--[a-z0-9-]+$/i.test(parsedUrl.hostname);
  });
}
