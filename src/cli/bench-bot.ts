import { performance } from 'node:perf_hooks';
import type { Config } from '../config.js';
import type { Core } from '../types.js';
import { createBot } from '../bot/bot.js';
import { startPolling } from '../bot/run.js';
import { percentile } from '../eval/metrics.js';
import { TestTelegram, type BotMessage } from '../../tests/support/telegram-server.js';

export interface BotRound {
  users: number;
  questionsPerUser: number;
  /** The production bot throttles its calls to Telegram's limits; off, the bot's own latency shows. */
  throttle: boolean;
  /** Past this the round gives up, and what has not arrived counts as lost. */
  timeoutMs: number;
}

export interface BotRoundResult {
  asked: number;
  answered: number;
  lost: number;
  duplicated: number;
  /** Messages that are not answers (apologies, rate-limit notices): a sign of why one was lost. */
  other: number;
  repliesPerSecond: number;
  p50: number;
  p95: number;
  gaveUp: boolean;
  /** What the bot logged, to tell why replies were lost. */
  logs: string[];
}

/** Every answer carries the vote buttons, whatever else it says; nothing else the bot sends does. */
const isAnswer = (message: BotMessage) => message.buttons.some((button) => button.callback_data?.startsWith('vote:'));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `promise`, or `ms` at most, leaving no timer behind to hold the process open. */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * One round against a fresh local Bot API on 127.0.0.1: the real bot over `core`, long polling
 * as `npm start` does, `users` people in private chats each sending their questions at the same
 * moment. Latency runs from posting a question to the server recording the bot's answer.
 */
export async function benchBotRound(core: Core, base: Config, questions: string[], round: BotRound): Promise<BotRoundResult> {
  const telegram = await TestTelegram.start();
  const logs: string[] = [];
  try {
    const config: Config = { ...base, telegramBotToken: telegram.token, telegramApiRoot: telegram.apiRoot, webhookUrl: null, allowedChatIds: [] };
    const qa = await createBot(core, config, { log: (message) => logs.push(message) });
    const running = await startPolling(qa, config, { throttle: round.throttle });

    const recordedAt = new Map<number, number>();
    // Emitted as the server stores a sent message, before it answers the bot's request.
    telegram.inner.on('AddedBotMessage', () => {
      const stored = telegram.inner.storage.botMessages.at(-1);
      if (stored) recordedAt.set(stored.messageId, performance.now());
    });

    // The first update through a new bot compiles its code paths; a running bot has done so.
    const warmChat = 1;
    await telegram.user({ userId: warmChat }).say(questions[0]);
    await telegram.waitFor(warmChat, isAnswer, round.timeoutMs);

    const users = Array.from({ length: round.users }, (_, i) => telegram.user({ userId: 1_000 + i }));
    const sentAt: number[][] = users.map(() => []);
    const started = performance.now();
    const deadline = started + round.timeoutMs;
    await Promise.all(
      users.map(async (user, u) => {
        // One after the other, so the chat's questions reach the server in the order asked.
        for (let k = 0; k < round.questionsPerUser; k++) {
          sentAt[u].push(performance.now());
          await user.say(questions[(u * round.questionsPerUser + k) % questions.length]);
        }
      }),
    );
    const allAnswered = () => users.every((user) => telegram.messages(user.chatId).filter(isAnswer).length >= round.questionsPerUser);
    // Looked at only when the server recorded something new: the check shares the bot's thread.
    let seen = -1;
    let gaveUp = false;
    for (;;) {
      if (recordedAt.size !== seen) {
        seen = recordedAt.size;
        if (allAnswered()) break;
      }
      if (performance.now() > deadline) {
        gaveUp = true;
        break;
      }
      await sleep(10);
    }
    // Stopping waits for every update the bot took, so a late duplicate is counted too.
    await atMost(running.stop(), Math.max(0, deadline - performance.now()));

    const samples: number[] = [];
    let answered = 0;
    let lost = 0;
    let duplicated = 0;
    let other = 0;
    let lastAt = started;
    users.forEach((user, u) => {
      const messages = telegram.messages(user.chatId);
      const answers = messages.filter(isAnswer);
      other += messages.length - answers.length;
      lost += Math.max(0, round.questionsPerUser - answers.length);
      duplicated += Math.max(0, answers.length - round.questionsPerUser);
      // A chat's updates are handled in order, so its k-th answer is to its k-th question.
      answers.slice(0, round.questionsPerUser).forEach((answer, k) => {
        const at = recordedAt.get(answer.messageId)!;
        samples.push(at - sentAt[u][k]);
        lastAt = Math.max(lastAt, at);
        answered++;
      });
    });
    return {
      asked: round.users * round.questionsPerUser,
      answered,
      lost,
      duplicated,
      other,
      repliesPerSecond: answered ? (answered / (lastAt - started)) * 1_000 : 0,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      gaveUp,
      logs,
    };
  } finally {
    await telegram.stop();
  }
}
