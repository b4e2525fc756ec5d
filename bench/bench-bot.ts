import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Config } from '../src/app/config.js';
import type { Core } from '../src/domain/ports.js';
import { createBot } from '../src/bot/bot.js';
import { startPolling } from '../src/app/run.js';
import { percentile } from '../src/eval/metrics.js';
import type { RecordedMessage, ServerCall, ServerMessage, ServerRequest } from './bot-api-server.js';
import { logInto } from '../tests/support/log.js';

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

// Wall-clock based, as the server process reads it, so its times and ours compare.
const now = () => performance.timeOrigin + performance.now();

/** Waits for `promise`, or `ms` at most, leaving no timer behind to hold the process open. */
async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The local Bot API in a process of its own (bench-telegram-server.ts), as Telegram is elsewhere. */
class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: any) => void; reject: (error: Error) => void }>();
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly apiRoot: string,
    readonly token: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message: ServerMessage) => {
      if (!('id' in message)) return;
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if ('error' in message) call?.reject(new Error(`bench Bot API: ${message.error}`));
      else call?.resolve(message.result);
    });
    child.once('exit', (code) => {
      for (const call of this.pending.values()) call.reject(new Error(`bench Bot API exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(timeoutMs: number): Promise<ServerProcess> {
    const child = fork(fileURLToPath(new URL('./bot-api-server.ts', import.meta.url)), [], {
      execArgv: ['--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const ready = await new Promise<{ apiRoot: string; token: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench Bot API not ready within ${timeoutMs} ms`)), timeoutMs);
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`bench Bot API exited (${code}) before it was ready`)));
        child.once('message', (message: ServerMessage) => {
          clearTimeout(timer);
          if ('ready' in message) resolve(message.ready);
          else reject(new Error(`bench Bot API: unexpected ${JSON.stringify(message)}`));
        });
      });
      return new ServerProcess(child, ready.apiRoot, ready.token);
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  call(call: Extract<ServerCall, { op: 'say' }>): Promise<null>;
  call(call: Extract<ServerCall, { op: 'wait' }>): Promise<boolean>;
  call(call: Extract<ServerCall, { op: 'records' }>): Promise<RecordedMessage[]>;
  call(call: ServerCall): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...call, id } satisfies ServerRequest);
    });
  }

  async stop(): Promise<void> {
    this.child.kill();
    await atMost(this.exited, 5_000);
  }
}

/**
 * One round against a fresh local Bot API on 127.0.0.1, in its own process: the real bot over
 * `core`, long polling as `npm start` does, `users` people in private chats each sending their
 * questions at the same moment. Latency runs from posting a question to the server recording
 * the bot's answer.
 */
export async function benchBotRound(
  core: Core,
  base: Config,
  questions: string[],
  round: BotRound,
): Promise<BotRoundResult> {
  const server = await ServerProcess.start(round.timeoutMs);
  const logs: string[] = [];
  try {
    const config: Config = {
      ...base,
      telegramBotToken: server.token,
      telegramApiRoot: server.apiRoot,
      webhookUrl: null,
      allowedChatIds: [],
    };
    const qa = await createBot(core, config, { log: logInto(logs) });
    const running = await startPolling(qa, config, { throttle: round.throttle });

    // The first update through a new bot compiles its code paths; a running bot has done so.
    const warmChat = 1;
    await server.call({ op: 'say', messages: [{ chatId: warmChat, text: questions[0] }] });
    if (!(await server.call({ op: 'wait', chatIds: [warmChat], answers: 1, timeoutMs: round.timeoutMs })))
      throw new Error('the bot did not answer the warm-up question');

    const chatIds = Array.from({ length: round.users }, (_, i) => 1_000 + i);
    // Each chat's questions in the order asked, all in one request: everyone asks at the same moment.
    const messages = Array.from({ length: round.questionsPerUser }, (_, k) =>
      chatIds.map((chatId, u) => ({ chatId, text: questions[(u * round.questionsPerUser + k) % questions.length] })),
    ).flat();
    const started = now();
    const deadline = started + round.timeoutMs;
    await server.call({ op: 'say', messages });
    const gaveUp = !(await server.call({
      op: 'wait',
      chatIds,
      answers: round.questionsPerUser,
      timeoutMs: Math.max(0, deadline - now()),
    }));
    // Stopping waits for every update the bot took, so a late duplicate is counted too.
    await atMost(running.stop(), Math.max(0, deadline - now()));
    const records = await server.call({ op: 'records' });

    const samples: number[] = [];
    let answered = 0;
    let lost = 0;
    let duplicated = 0;
    let other = 0;
    let lastAt = started;
    for (const chatId of chatIds) {
      const messages = records.filter((record) => record.chatId === chatId);
      const answers = messages.filter((record) => record.answer);
      other += messages.length - answers.length;
      // Apologies and rate-limit notices tell why an answer went missing.
      for (const message of messages) if (!message.answer) logs.push(`chat ${chatId} was sent: ${message.text}`);
      lost += Math.max(0, round.questionsPerUser - answers.length);
      duplicated += Math.max(0, answers.length - round.questionsPerUser);
      // Everyone asked at `started`, so which question an answer is to does not change its latency.
      for (const answer of answers.slice(0, round.questionsPerUser)) {
        samples.push(answer.at - started);
        lastAt = Math.max(lastAt, answer.at);
        answered++;
      }
    }
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
    await server.stop();
  }
}
