import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
// The package's default export is typed as its module namespace; the class itself is this one.
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';

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
}

export interface UserOptions {
  userId: number;
  /** Defaults to the user's private chat. */
  chatId?: number;
  type?: 'private' | 'group' | 'supergroup';
  languageCode?: string;
}

/** What Telegram would do with a file a user sent: kept here, served by getFile and /file/. */
interface StoredFile {
  path: string;
  bytes: Uint8Array;
}

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
 * the /file/ download route, setMyCommands and sendChatAction, and webhooks that carry the
 * secret token — and records every call the bot makes.
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
  private readonly files = new Map<string, StoredFile>();
  private webhook: { url: string; secret: string | undefined } | null = null;
  private nextFile = 1;

  private constructor(
    readonly inner: TelegramServer,
    private readonly proxy: Server,
  ) {}

  static async start(): Promise<TestTelegram> {
    const inner = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 3_600 });
    await inner.start();
    const proxy = createServer();
    const telegram = new TestTelegram(inner, proxy);
    proxy.on('request', (req, res) => {
      telegram.handle(req, res).catch((error: unknown) => fail(res, 500, String(error)));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    telegram.apiRoot = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    return telegram;
  }

  async stop(): Promise<void> {
    this.proxy.closeAllConnections();
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
    await this.inner.stop();
  }

  user(options: UserOptions): TestUser {
    const client = this.inner.getClient(this.token, {
      userId: options.userId,
      chatId: options.chatId ?? options.userId,
      type: options.type ?? 'private',
      firstName: `User${options.userId}`,
      userName: `user${options.userId}`,
      timeout: 10_000,
    });
    return new TestUser(this, client, options);
  }

  /** Keeps a file as Telegram would after a user sends it; returns its file_id. */
  addFile(name: string, bytes: Uint8Array): string {
    const id = `file${this.nextFile++}`;
    this.files.set(id, { path: `documents/${id}_${name}`, bytes });
    return id;
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

  private unread(): boolean {
    return this.inner.storage.userMessages.some((update) => update.botToken === this.token && !update.isRead);
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
    const fault = this.intercept?.(method, payload);
    if (fault === 'hang') return;
    if (fault)
      return reply(res, fault.status, {
        ok: false,
        error_code: fault.status,
        description: fault.description,
        parameters: fault.parameters,
      });

    switch (method) {
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'sendChatAction':
        return ok(res, true);
      case 'sendMessageDraft':
        return this.supportsDrafts
          ? ok(res, true)
          : fail(res, 400, 'Bad Request: drafts are not available for this bot');
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
        await this.longPoll(req, Math.min(Number(payload.timeout ?? 0), 1) * 1_000);
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
  private async longPoll(req: IncomingMessage, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.unread() && Date.now() < deadline && !req.destroyed) {
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
    if (response.ok) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(text);
    }
    // telegram-test-api answers unknown methods with a bare 500; the Bot API says 404.
    fail(res, response.status === 500 ? 404 : response.status, `Not Found: ${text}`);
  }

  private async deliver(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (!this.webhook) return fail(res, 404, 'no webhook');
    const response = await fetch(this.webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.webhook.secret ? { 'x-telegram-bot-api-secret-token': this.webhook.secret } : {}),
      },
      body: new Uint8Array(body),
    });
    res.writeHead(response.status, { 'content-type': 'application/json' });
    res.end(await response.text());
  }
}

type Client = ReturnType<TelegramServer['getClient']>;

/** One person talking to the bot, in a private chat or a group. */
export class TestUser {
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

  /** A text message; `extra` is merged in (entities, reply_to_message…). */
  async say(text: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.client.sendMessage(this.client.makeMessage(text, { ...this.from, ...extra }));
  }

  async command(text: string): Promise<void> {
    await this.client.sendCommand(this.client.makeCommand(text, this.from));
  }

  /** Presses the button of `message` whose text starts with `label` (or its `index`-th button). */
  async tap(message: BotMessage, label: string | number): Promise<void> {
    const button =
      typeof label === 'number' ? message.buttons[label] : message.buttons.find((b) => b.text.startsWith(label));
    if (!button) throw new Error(`no button ${label} on ${JSON.stringify(message.buttons)}`);
    await this.client.sendCallback(
      this.client.makeCallbackQuery(button.callback_data, {
        ...this.from,
        message: { message_id: message.messageId, text: message.text },
      }),
    );
  }

  /** Sends a document; `declaredSize` is what Telegram reports as file_size, when it differs. */
  async sendDocument(
    name: string,
    bytes: Uint8Array,
    declaredSize = bytes.byteLength,
    caption?: string,
  ): Promise<void> {
    const fileId = this.telegram.addFile(name, bytes);
    const message: Record<string, unknown> = {
      ...this.client.makeMessage('', this.from),
      document: { file_id: fileId, file_unique_id: fileId, file_name: name, file_size: declaredSize },
      ...(caption ? { caption } : {}),
    };
    delete message.text;
    await this.client.sendMessage(message as never);
  }
}
