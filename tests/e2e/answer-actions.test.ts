import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/adapters/chat.js';
import { startPolling, type Running } from '../../src/app/run.js';
import { createBot } from '../../src/bot/bot.js';
import type { Core } from '../../src/domain/ports.js';
import { logInto } from '../support/log.js';
import { FakeOpenAIServer, type RecordedRequest } from '../support/openai-server.js';
import type { BotMessage, TestTelegram } from '../support/telegram-server.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import { slowStreams } from '../support/slow-streams.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
const FOLLOW_UP = '这是哪个城市的成果？';
/** The follow-up as the model rewrites it, on its own. */
const STANDALONE = '青岛帮销中西部地区农特产品是哪个城市建设的成果？';
const KEY = 'sk-test-answer-actions-key';
/** An answer in full has vote buttons; one being written has only ⏹. */
const answered = (m: BotMessage) => m.buttons.some((b) => b.text.startsWith('👍'));
const labels = (m: BotMessage) => m.buttons.map((b) => b.text);

const promptOf = (messages: ChatMessage[]) => messages.map((m) => m.content).join('\n');
const passageCount = (messages: ChatMessage[]) => promptOf(messages).match(/<passage n="\d+">/g)?.length ?? 0;

/** The number of the passage in the prompt whose text contains `needle`. */
function passageWith(messages: ChatMessage[], needle: string): number {
  const block = [...promptOf(messages).matchAll(/<passage n="(\d+)">([\s\S]*?)<\/passage>/g)].find(([, , text]) =>
    text.includes(needle),
  );
  return block ? Number(block[1]) : 0;
}

/** Which answer of the model's it is, in words the number check does not read as figures. */
const NTH = ['甲', '乙', '丙', '丁', '戊', '己'];

/**
 * A model that answers each time in other words (its answers are marked 甲, 乙, 丙… in turn), and
 * rewrites a follow-up as STANDALONE.
 */
function countingModel() {
  let calls = 0;
  return (messages: ChatMessage[]) => {
    if (!promptOf(messages).includes('<passage')) return STANDALONE;
    const n = passageWith(messages, '50.1亿元');
    return `${NTH[calls++]}答：2024年，青岛市累计帮销中西部地区农特产品50.1亿元[${n}]。`;
  };
}

/** 🔄 and "more detail" under a chat model's answer, over the loopback Bot API and OpenAI-compatible server. */
describe('answer actions', () => {
  const openai = new FakeOpenAIServer({ dim: 32, apiKey: KEY, streamPiece: 3 });
  let closeOpenai: () => Promise<void>;
  let testbed: Testbed;
  let telegram: TestTelegram;
  let core: Core;
  let running: Running;
  const logs: string[] = [];

  const startBot = async () => {
    running = await startPolling(await createBot(core, testbed.config, { log: logInto(logs) }), testbed.config);
  };

  beforeAll(async () => {
    const started = await openai.start();
    closeOpenai = started.close;
    testbed = await botTestbed(
      {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: started.url,
        CHAT_MODEL: 'test-chat',
        EMBEDDING_MODEL: 'test-embed',
        LLM_TIMEOUT_MS: '10000',
        TOP_K: '2',
        CONTEXT_K: '3',
        RATE_LIMIT_PER_MINUTE: '3',
      },
      { fetch: slowStreams },
    );
    ({ telegram, core } = testbed);
    await startBot();
  });

  beforeEach(() => {
    openai.reply = countingModel();
    telegram.supportsDrafts = false;
  });

  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
    await closeOpenai?.();
  });

  /** The answer prompts the chat model received (not the follow-ups' rewrites), in order. */
  const answerPrompts = () =>
    openai.requests
      .filter((request: RecordedRequest) => request.path === '/v1/chat/completions')
      .map((request) => (request.body as { messages: ChatMessage[] }).messages)
      .filter((messages) => promptOf(messages).includes('<passage'));

  it('offers 🔄 and more detail under a model answer, not under an offline one', async () => {
    const user = telegram.user({ userId: 500 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(500, answered);
    expect(answer.text).toMatch(/^甲答：/);
    expect(labels(answer)).toEqual(expect.arrayContaining(['🔄', '更详细']));

    openai.reply = () => {
      throw new Error('model down');
    };
    const offline = telegram.user({ userId: 501 });
    await offline.say(QUESTION);
    const quoted = await telegram.waitFor(501, answered);
    expect(quoted.text).toContain('50.1亿元');
    expect(labels(quoted)).not.toContain('🔄');
    expect(labels(quoted)).not.toContain('更详细');
  });

  it('answers again with 🔄: the same question and conversation, a new model call, the answer replaced', async () => {
    const user = telegram.user({ userId: 510 });
    await user.say(QUESTION);
    await telegram.waitFor(510, answered);
    await user.say(FOLLOW_UP);
    const first = await telegram.waitFor(510, (m) => answered(m) && m.text.startsWith('乙答'));
    const asked = answerPrompts().length;
    await user.tap(first, '🔄');
    const again = await telegram.waitFor(510, (m) => answered(m) && m.text.startsWith('丙答'));
    expect(again.messageId).toBe(first.messageId);
    expect(telegram.messages(510)).toHaveLength(2);
    // It streamed in the answer's place, with ⏹, as a question's answer does.
    const edits = telegram
      .callsTo('editMessageText', 510)
      .filter((call) => call.payload.message_id === first.messageId);
    expect(edits.some((call) => String(call.payload.text).endsWith('▍'))).toBe(true);
    // One more model call, asked exactly as the first: the follow-up read against the same question.
    const prompts = answerPrompts();
    expect(prompts).toHaveLength(asked + 1);
    expect(prompts.at(-1)).toEqual(prompts.at(-2));
    expect(promptOf(prompts.at(-1)!)).toContain(`Q: ${QUESTION}`);
    // The new answer has buttons of its own, which answer it again.
    expect(again.buttons.find((b) => b.text === '🔄')?.callback_data).not.toBe(
      first.buttons.find((b) => b.text === '🔄')?.callback_data,
    );
  });

  it('writes a fuller answer from more passages with more detail, as a reply to the answer', async () => {
    const user = telegram.user({ userId: 520 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(520, answered);
    await user.tap(answer, '更详细');
    const fuller = await telegram.waitFor(520, (m) => answered(m) && m.messageId !== answer.messageId);
    expect(fuller.replyTo).toBe(answer.messageId);
    // Streamed as a question's answer is.
    const streamed = telegram
      .callsTo('sendMessage', 520)
      .filter((call) => call.payload.reply_parameters?.message_id === answer.messageId);
    expect(streamed.map((call) => String(call.payload.text))).toEqual([expect.stringMatching(/▍$/)]);
    expect(fuller.text).toMatch(/^乙答/);
    // A fuller answer can be asked again, not made fuller still.
    expect(labels(fuller)).toContain('🔄');
    expect(labels(fuller)).not.toContain('更详细');
    const [short, long] = answerPrompts().slice(-2);
    expect(passageCount(short)).toBe(3);
    expect(passageCount(long)).toBeGreaterThan(3);
    expect(passageCount(long)).toBeLessThanOrEqual(6);
    expect(promptOf(short)).toContain('at most about five');
    expect(promptOf(long)).toContain('two or three short paragraphs');
    expect(promptOf(long)).toContain(`Question: ${QUESTION}`);
    expect(telegram.messages(520)).toHaveLength(2);
  });

  it('changes nothing for a tap by someone other than the asker, who is told so', async () => {
    const chatId = -5300;
    const alice = telegram.user({ userId: 530, chatId, type: 'supergroup' });
    const bob = telegram.user({ userId: 531, chatId, type: 'supergroup' });
    await alice.command(`/ask ${QUESTION}`);
    const answer = await telegram.waitFor(chatId, answered);
    const asked = answerPrompts().length;
    const calls = telegram.calls.length;
    await bob.tap(answer, '🔄');
    await bob.tap(answer, '更详细');
    await telegram.waitFor(chatId, () => telegram.callsTo('answerCallbackQuery').length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const notes = telegram.calls.slice(calls).filter((call) => call.method === 'answerCallbackQuery');
    expect(notes.map((call) => call.payload.text)).toEqual([
      '只有提问的人可以让它重新回答。',
      '只有提问的人可以让它重新回答。',
    ]);
    const toChat = telegram.calls.slice(calls).filter((call) => call.payload.chat_id !== undefined);
    expect(toChat).toEqual([]);
    expect(answerPrompts()).toHaveLength(asked);
    expect(telegram.messages(chatId)).toEqual([answer]);
  });

  it('answers a double tap once', async () => {
    const user = telegram.user({ userId: 560 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(560, answered);
    const asked = answerPrompts().length;
    await user.tap(answer, '🔄');
    await user.tap(answer, '🔄');
    await telegram.waitFor(560, (m) => answered(m) && m.text.startsWith('乙答'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answerPrompts()).toHaveLength(asked + 1);
    expect(telegram.callsTo('answerCallbackQuery').map((call) => call.payload.text)).toContain('正在写，请稍候。');
  });

  it('answers again after a restart of the bot, from the answer log', async () => {
    const user = telegram.user({ userId: 540 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(540, answered);
    await running.stop();
    await startBot();
    await user.tap(answer, '🔄');
    const again = await telegram.waitFor(540, (m) => answered(m) && m.text.startsWith('乙答'));
    expect(again.messageId).toBe(answer.messageId);
    const [before, after] = answerPrompts().slice(-2);
    expect(after).toEqual(before);
  });

  it('counts an answer asked again against the asker’s questions per minute', async () => {
    const user = telegram.user({ userId: 550 });
    await user.say(QUESTION);
    let answer = await telegram.waitFor(550, answered);
    for (const nth of ['乙', '丙']) {
      await user.tap(answer, '🔄');
      answer = await telegram.waitFor(550, (m) => answered(m) && m.text.startsWith(`${nth}答`));
    }
    const asked = answerPrompts().length;
    await user.tap(answer, '更详细');
    await telegram.waitFor(550, (m) => m.text === '提问太频繁了，请稍等一分钟再试。');
    expect(answerPrompts()).toHaveLength(asked);
  });
});
