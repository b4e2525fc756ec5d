import { createInterface } from 'node:readline';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Message, Update, UserFromGetMe, InlineKeyboardButton } from 'grammy/types';
import type { Log } from '../../observe/log.js';
import { createBot, type BotConfig, type BotPorts } from '../bot.js';
import { htmlToText } from '../render/html.js';

export const SANDBOX_BANNER = [
  'Sandbox: chatting with the bot in this terminal (TELEGRAM_BOT_TOKEN is not set; set it to connect a real Telegram bot). 本地沙盒：未设置 TELEGRAM_BOT_TOKEN，设置后即连接真正的 Telegram 机器人。',
  'One question per line (每行一个问题). /help lists commands; /tap N presses button N of the last answer (/tap 1 opens source 1, /tap 👍 votes); /upload FILE [caption] adds a page (.txt, .md, .docx, .pdf, .html, .jsonl, .csv); you are an admin, so /reindex works. Ctrl-D ends.',
].join('\n');

const USER = { id: 1, is_bot: false as const, first_name: 'Sandbox', language_code: 'zh' };
const CHAT = { id: USER.id, type: 'private' as const, first_name: USER.first_name };

const BOT_INFO: UserFromGetMe = {
  id: 2,
  is_bot: true,
  first_name: '青岛日报问答',
  username: 'qingdao_daily_sandbox_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

interface ShownMessage {
  id: number;
  html: string;
  buttons: InlineKeyboardButton[][];
  printed: boolean;
  changed: boolean;
}

/**
 * A stand-in for the Bot API that lives in this process: it answers the bot's API calls and
 * shows its messages as text. Messages are printed in their latest state once the update that
 * produced them is handled, so a streamed answer appears once, complete.
 */
class Screen {
  private readonly messages = new Map<number, ShownMessage>();
  private nextId = 1;
  private notes: string[] = [];
  /** Buttons of the newest message that has any, for /tap. */
  buttons: Array<{ button: InlineKeyboardButton; messageId: number; text: string }> = [];

  constructor(private readonly out: Writable) {}

  newMessageId(): number {
    return this.nextId++;
  }

  /** A message's buttons as Telegram sends them with a tap. */
  keyboardOf(messageId: number): { inline_keyboard: InlineKeyboardButton[][] } {
    return { inline_keyboard: this.messages.get(messageId)?.buttons ?? [] };
  }

  call(method: string, payload: Record<string, unknown>): unknown {
    const keyboard =
      (payload.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard ?? [];
    switch (method) {
      case 'sendMessage': {
        const id = this.newMessageId();
        this.messages.set(id, { id, html: String(payload.text), buttons: keyboard, printed: false, changed: true });
        return {
          message_id: id,
          date: Math.floor(Date.now() / 1000),
          chat: CHAT,
          text: htmlToText(String(payload.text)),
        };
      }
      case 'editMessageText': {
        const message = this.messages.get(Number(payload.message_id));
        if (!message) throw new Error('message to edit not found');
        // As in Telegram, an edit without a keyboard removes the old one.
        Object.assign(message, { html: String(payload.text), buttons: keyboard, changed: true });
        return {
          message_id: message.id,
          date: Math.floor(Date.now() / 1000),
          chat: CHAT,
          text: htmlToText(message.html),
        };
      }
      case 'editMessageReplyMarkup': {
        const message = this.messages.get(Number(payload.message_id));
        if (!message) throw new Error('message to edit not found');
        Object.assign(message, { buttons: keyboard, changed: true });
        return true;
      }
      case 'answerCallbackQuery':
        if (payload.text) this.notes.push(`   (${String(payload.text)})`);
        return true;
      case 'getFile':
        return { file_id: payload.file_id, file_unique_id: payload.file_id, file_path: payload.file_id };
      default:
        // Chat actions, command menus and the like have nothing to show here.
        return true;
    }
  }

  flush(): void {
    const lines = [...this.notes];
    this.notes = [];
    for (const message of this.messages.values()) {
      if (!message.changed) continue;
      const text = htmlToText(message.html).replace(/\n/g, '\n   ');
      lines.push(`${message.printed ? '🤖 ✎ ' : '🤖 '}${text}`);
      for (const row of message.buttons) lines.push(`   ${row.map((b) => `[${b.text}]`).join(' ')}`);
      if (message.buttons.length) {
        this.buttons = message.buttons
          .flat()
          .map((button) => ({ button, messageId: message.id, text: htmlToText(message.html) }));
      }
      message.changed = false;
      message.printed = true;
    }
    if (lines.length) this.out.write(`${lines.join('\n')}\n`);
  }
}

/** `/upload FILE [caption]`: the whole rest is the file if there is one by that name; else its first word, then a caption. */
async function uploadedFile(rest: string): Promise<{ file: string; caption?: string; size: number | null }> {
  const sizeOf = (file: string) =>
    stat(file).then(
      (found) => found.size,
      () => null,
    );
  const whole = path.resolve(rest);
  const size = await sizeOf(whole);
  const [first, ...words] = rest.split(/\s+/);
  if (size !== null || !words.length) return { file: whole, size };
  const file = path.resolve(first);
  return { file, caption: words.join(' '), size: await sizeOf(file) };
}

/** Turns one line typed in the terminal into the update Telegram would send for it. */
async function lineToUpdate(
  line: string,
  updateId: number,
  screen: Screen,
  say: (text: string) => void,
): Promise<Update | null> {
  const date = Math.floor(Date.now() / 1000);
  const message_id = screen.newMessageId();
  // What the user sent: text, or a document with its caption.
  const sent = (content: Omit<Message, 'message_id' | 'date' | 'chat' | 'from'>): Update => ({
    update_id: updateId,
    message: { message_id, date, chat: CHAT, from: USER, ...content } as Update['message'],
  });
  const tap = /^\/tap\s+(.+)$/.exec(line);
  if (tap) {
    const wanted = tap[1].trim();
    const index = /^\d+$/.test(wanted)
      ? Number(wanted) - 1
      : screen.buttons.findIndex((b) => b.button.text === wanted || b.button.text.startsWith(wanted));
    const target = screen.buttons[index];
    if (!target || !('callback_data' in target.button)) {
      say(`   (no button "${wanted}" on the last answer: there are ${screen.buttons.length})`);
      return null;
    }
    return {
      update_id: updateId,
      callback_query: {
        id: String(updateId),
        from: USER,
        chat_instance: 'sandbox',
        data: target.button.callback_data,
        message: {
          message_id: target.messageId,
          date,
          chat: CHAT,
          text: target.text,
          reply_markup: screen.keyboardOf(target.messageId),
        },
      },
    };
  }
  const upload = /^\/upload\s+(.+)$/.exec(line);
  if (upload) {
    const { file, caption, size } = await uploadedFile(upload[1].trim());
    if (size === null) {
      say(`   (cannot read ${file})`);
      return null;
    }
    return sent({
      document: { file_id: file, file_unique_id: file, file_name: path.basename(file), file_size: size },
      ...(caption ? { caption } : {}),
    });
  }
  const command = /^\/\S+/.exec(line);
  return sent({
    text: line,
    ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
  });
}

/**
 * The bot as a terminal chat: the same grammY bot and handlers as on Telegram, with the Bot API
 * answered in-process. The sandbox user is an admin. Returns at the end of input, once background
 * jobs (a reindex) have finished.
 */
export async function runSandbox(
  core: BotPorts,
  config: BotConfig,
  io: { input: Readable; output: Writable; log: Log },
): Promise<void> {
  const screen = new Screen(io.output);
  const sandboxConfig: BotConfig = { ...config, adminUserIds: [...config.adminUserIds, USER.id], allowedChatIds: [] };
  const { bot, tasks } = await createBot(core, sandboxConfig, {
    botInfo: BOT_INFO,
    download: (filePath) => readFile(filePath),
    log: io.log,
  });
  bot.api.config.use(
    async (_previous, method, payload) =>
      ({ ok: true, result: screen.call(method, payload as Record<string, unknown>) }) as never,
  );

  const interactive = (io.input as { isTTY?: boolean }).isTTY === true;
  let handling = false;
  // Background jobs (a reindex) finish while the terminal waits for the next line.
  const idleFlush = setInterval(() => handling || screen.flush(), 1_000);
  idleFlush.unref();
  let updateId = 1;
  const lines = createInterface({ input: io.input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      if (!line) continue;
      if (line === '/quit' || line === '/exit') break;
      handling = true;
      // Piped input is not shown by the terminal; echo it so the transcript reads as a chat.
      if (!interactive) io.output.write(`👤 ${line}\n`);
      const update = await lineToUpdate(line, updateId++, screen, (text) => io.output.write(`${text}\n`));
      if (update) await bot.handleUpdate(update);
      // A script of lines means one after another: a reindex or upload finishes before the next
      // line. Typed at a terminal, the next question is answered while it runs, as on Telegram.
      if (!interactive) await tasks.settle();
      screen.flush();
      handling = false;
    }
    await tasks.settle();
    screen.flush();
  } finally {
    clearInterval(idleFlush);
    lines.close();
  }
}
