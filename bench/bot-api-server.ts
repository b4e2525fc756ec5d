import { performance } from 'node:perf_hooks';
import { TestTelegram, type BotMessage } from '../tests/support/telegram-server.js';

/**
 * The bench's local Bot API, run by `bench-bot.ts` in a process of its own: Telegram is another
 * machine, and its work (taking users' posts, answering getUpdates, storing the bot's messages)
 * must not be timed as the bot's. Spoken to over IPC.
 */

export type ServerCall =
  | { op: 'say'; messages: { chatId: number; text: string }[] }
  /** Settles true once each chat has `answers` answers, false if `timeoutMs` passes first. */
  | { op: 'wait'; chatIds: number[]; answers: number; timeoutMs: number }
  | { op: 'records' };

export type ServerRequest = ServerCall & { id: number };

export type ServerMessage =
  | { ready: { apiRoot: string; token: string } }
  | { id: number; result: unknown }
  | { id: number; error: string };

/** A message the bot sent, as the server holds it once the round is over. */
export interface RecordedMessage {
  chatId: number;
  /** When the server stored it, in ms on the clock `now` reads. */
  at: number;
  answer: boolean;
  text: string;
}

/** Every answer carries the vote buttons, whatever else it says; nothing else the bot sends does. */
const isAnswer = (message: BotMessage) => message.buttons.some((button) => button.callback_data?.startsWith('vote:'));

// Wall-clock based, so the bench process reading the same expression gets comparable times.
const now = () => performance.timeOrigin + performance.now();

async function serve(): Promise<void> {
  const telegram = await TestTelegram.start();
  const storedAt = new Map<number, number>();
  // Emitted as the server stores a sent message, before it answers the bot's request.
  telegram.inner.on('AddedBotMessage', () => {
    const stored = telegram.inner.storage.botMessages.at(-1);
    if (stored) storedAt.set(stored.messageId, now());
  });

  const answered = (chatIds: number[], answers: number) =>
    chatIds.every((chatId) => telegram.messages(chatId).filter(isAnswer).length >= answers);

  const waitFor = (chatIds: number[], answers: number, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      const events = ['AddedBotMessage', 'EditedMessageText', 'EditedMessageReplyMarkup'];
      const finish = (result: boolean) => {
        clearTimeout(timer);
        for (const event of events) telegram.inner.off(event, check);
        resolve(result);
      };
      const check = () => answered(chatIds, answers) && finish(true);
      const timer = setTimeout(() => finish(answered(chatIds, answers)), timeoutMs);
      for (const event of events) telegram.inner.on(event, check);
      check();
    });

  const records = (): RecordedMessage[] => {
    const chatIds = new Set(telegram.inner.storage.botMessages.map((stored) => Number(stored.message.chat_id)));
    return [...chatIds].flatMap((chatId) =>
      telegram.messages(chatId).map((message) => ({
        chatId,
        at: storedAt.get(message.messageId)!,
        answer: isAnswer(message),
        text: message.text,
      })),
    );
  };

  const handle = async (request: ServerRequest): Promise<unknown> => {
    switch (request.op) {
      case 'say':
        // What telegram-test-api's client route does with a user's post, without the HTTP;
        // one after the other, so a chat's questions are stored in the order asked.
        for (const { chatId, text } of request.messages) {
          const user = telegram.inner.getClient(telegram.token, {
            userId: chatId,
            chatId,
            type: 'private',
            firstName: `User${chatId}`,
            userName: `user${chatId}`,
          });
          await telegram.inner.addUserMessage(user.makeMessage(text));
        }
        return null;
      case 'wait':
        return waitFor(request.chatIds, request.answers, request.timeoutMs);
      case 'records':
        return records();
    }
  };

  const send = (message: ServerMessage) => process.send!(message);
  process.on('message', (request: ServerRequest) => {
    handle(request).then(
      (result) => send({ id: request.id, result }),
      (error: unknown) => send({ id: request.id, error: String(error) }),
    );
  });
  // The bench going away, however it went, ends the server too.
  process.once('disconnect', () => void telegram.stop().finally(() => process.exit(0)));
  send({ ready: { apiRoot: telegram.apiRoot, token: telegram.token } });
}

if (!process.send) throw new Error('bench-telegram-server runs as a child of the bench, with an IPC channel');
await serve();
