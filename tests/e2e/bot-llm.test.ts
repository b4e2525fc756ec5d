import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/adapters/chat.js';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, type Running } from '../../src/app/run.js';
import type { Core } from '../../src/domain/ports.js';
import { FakeOpenAIServer } from '../support/openai-server.js';
import type { TestTelegram, BotMessage } from '../support/telegram-server.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import { logInto } from '../support/log.js';
import { slowStreams } from '../support/slow-streams.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
/** An answer in full has vote buttons; one being written has only ⏹. */
const answered = (m: BotMessage) => m.buttons.some((b) => b.text.startsWith('👍'));
const KEY = 'sk-test-bot-llm-key';

/** The number of the passage in the prompt whose text contains `needle`. */
function passageWith(messages: ChatMessage[], needle: string): number {
  const prompt = messages.map((m) => m.content).join('\n');
  const block = [...prompt.matchAll(/<passage n="(\d+)">([\s\S]*?)<\/passage>/g)].find(([, , text]) =>
    text.includes(needle),
  );
  return block ? Number(block[1]) : 0;
}

const citedReply = (messages: ChatMessage[]) => {
  const n = passageWith(messages, '50.1亿元');
  return `2024年，青岛市累计帮销中西部地区农特产品50.1亿元[${n}]。这是青岛建设消费帮扶重点城市的成果之一[${n}]。`;
};

/** The bot with a chat model served by a local OpenAI-compatible server: streaming and failure. */
describe('Telegram bot with a chat model', () => {
  const openai = new FakeOpenAIServer({ dim: 32, apiKey: KEY, streamPiece: 3, reply: citedReply });
  let closeOpenai: () => Promise<void>;
  let testbed: Testbed;
  let telegram: TestTelegram;
  let core: Core;
  let running: Running;
  const logs: string[] = [];

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
        TRANSCRIBE_MODEL: 'test-whisper',
      },
      { fetch: slowStreams },
    );
    ({ telegram, core } = testbed);
    const config = testbed.config;
    running = await startPolling(await createBot(core, config, { log: logInto(logs) }), config);
  });

  // What a test changes on the servers, back to how each test starts: cited replies, no drafts.
  beforeEach(() => {
    openai.reply = citedReply;
    openai.transcribe = () => QUESTION;
    telegram.supportsDrafts = false;
    telegram.intercept = null;
  });

  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
    await closeOpenai?.();
  });

  const ANSWER =
    /^2024年，青岛市累计帮销中西部地区农特产品50\.1亿元\[1\]。这是青岛建设消费帮扶重点城市的成果之一\[1\]。\n\n<b>来源<\/b>\n\[1\] <b>青岛加快建设消费帮扶重点城市<\/b>/;

  it('streams the answer as a draft where Telegram allows drafts, then sends it in full', async () => {
    openai.reply = citedReply;
    telegram.supportsDrafts = true;
    const user = telegram.user({ userId: 200 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(200, answered);
    expect(answer.text).toMatch(ANSWER);
    expect(answer.buttons[0].callback_data).toMatch(/^src:[0-9a-f]{16}~\w+$/);
    const toChat = telegram.calls.filter((call) => Number(call.payload.chat_id) === 200);
    const drafts = toChat.filter((call) => call.method === 'sendMessageDraft');
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(
      drafts.every(
        (call) => String(call.payload.text).endsWith('▍') && call.payload.draft_id === drafts[0].payload.draft_id,
      ),
    ).toBe(true);
    expect(toChat.filter((call) => call.method === 'editMessageText')).toHaveLength(0);
    expect(telegram.messages(200)).toHaveLength(1);
  });

  it('falls back to editing a message when drafts are refused; the message ends as the full, formatted text', async () => {
    openai.reply = citedReply;
    telegram.supportsDrafts = false;
    const user = telegram.user({ userId: 201 });
    const logged = logs.length;
    await user.say(QUESTION);
    const answer = await telegram.waitFor(201, answered);
    expect(answer.text).toMatch(ANSWER);
    expect(answer.text).not.toContain('▍');
    expect(answer.text).not.toContain('离线');
    // The draft message became the answer: one message in the chat.
    expect(telegram.messages(201)).toHaveLength(1);
    const toChat = telegram.calls.filter(
      (call) => Number(call.payload.chat_id) === 201 && call.method !== 'sendChatAction',
    );
    expect(toChat[0].method).toBe('sendMessageDraft');
    expect(toChat[1]).toMatchObject({ method: 'sendMessage', payload: { text: expect.stringMatching(/▍$/) } });
    const edits = toChat.filter((call) => call.method === 'editMessageText');
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.slice(0, -1).every((call) => String(call.payload.text).endsWith('▍'))).toBe(true);
    expect(toChat.at(-1)).toMatchObject({
      method: 'editMessageText',
      payload: { message_id: answer.messageId, parse_mode: 'HTML' },
    });
    expect(logs.slice(logged).some((line) => line.includes('drafts refused'))).toBe(true);
  });

  it('stops drafts only in the chat that refused them, and only for a refusal that will not change', async () => {
    openai.reply = citedReply;
    telegram.supportsDrafts = false;
    const refusing = telegram.user({ userId: 210 });
    await refusing.say(QUESTION);
    await telegram.waitFor(210, answered);
    telegram.supportsDrafts = true;
    // A passing server error on a draft in another chat.
    let failures = 1;
    telegram.intercept = (method, payload) =>
      method === 'sendMessageDraft' && Number(payload.chat_id) === 211 && failures-- > 0
        ? { status: 500, description: 'Internal Server Error' }
        : null;
    try {
      const failing = telegram.user({ userId: 211 });
      // The two chats at once: what one chat's drafts do must not reach the other's.
      await Promise.all([
        (async () => {
          await failing.say(QUESTION);
          await telegram.waitFor(211, answered);
          await failing.say(QUESTION);
          await telegram.waitFor(211, () => telegram.messages(211).filter(answered).length === 2);
        })(),
        (async () => {
          await refusing.say(QUESTION);
          await telegram.waitFor(210, () => telegram.messages(210).filter(answered).length === 2);
        })(),
      ]);
    } finally {
      telegram.intercept = null;
    }
    expect(telegram.callsTo('sendMessageDraft', 210)).toHaveLength(1);
    expect(telegram.callsTo('sendMessageDraft', 211).length).toBeGreaterThanOrEqual(2);
  });

  it('stops an answer being written with ⏹ or /cancel, keeping what was written, marked as stopped', async () => {
    const questions = async (outcome: string) =>
      Number(
        new RegExp(`^qa_questions_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(
          await core.metrics.registry.metrics(),
        )?.[1] ?? 0,
      );
    const [stoppedBefore, errorsBefore] = [await questions('stopped'), await questions('error')];
    const user = telegram.user({ userId: 220 });
    await user.say(QUESTION);
    const streaming = await telegram.waitFor(220, (m) => m.buttons.some((b) => b.text === '⏹ 停止'));
    // Only the asker may stop it.
    await telegram.user({ userId: 221, chatId: 220 }).tap(streaming, '⏹');
    await user.tap(streaming, '⏹');
    const stopped = await telegram.waitFor(220, (m) => m.text.endsWith('⏹ <i>已停止。</i>'));
    expect(stopped.messageId).toBe(streaming.messageId);
    expect(stopped.text).toMatch(/^2024年/);
    expect(stopped.text).not.toContain('▍');
    // The other member was told it is not theirs to stop; then the asker stopped it.
    const notes = telegram.callsTo('answerCallbackQuery').map((call) => call.payload.text);
    expect(notes.slice(-2)).toEqual(['只有提问的人可以停止这个回答。', '已停止。']);

    await user.say(QUESTION);
    await telegram.waitFor(220, (m) => m.messageId !== streaming.messageId && m.text.endsWith('▍'));
    await user.command('/cancel');
    await telegram.waitFor(220, (m) => m.messageId !== streaming.messageId && m.text.endsWith('⏹ <i>已停止。</i>'));
    // Nothing more comes: no answer in full after the stop, and no vote buttons.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(telegram.messages(220).filter((m) => m.buttons.some((b) => b.text === '👍'))).toHaveLength(0);
    await user.command('/cancel');
    await telegram.waitFor(220, (m) => m.text === '现在没有正在写的回答。');
    // Counted as stopped, not as a fault.
    expect(await questions('stopped')).toBe(stoppedBefore + 2);
    expect(await questions('error')).toBe(errorsBefore);
  });

  /** A model's answer in Markdown, with bold and a list: what a stream cuts in the middle of a mark. */
  const markdownReply = (messages: ChatMessage[]) => {
    const n = passageWith(messages, '50.1亿元');
    return [
      `**简答：** 2024年青岛帮销中西部农特产品**50.1亿元**[${n}]。`,
      '',
      '**要点：**',
      `- 帮销总额达到**50.1亿元**[${n}]`,
      `- 这是青岛建设**消费帮扶重点城市**的成果之一[${n}]`,
      `- 帮销的是中西部地区的**农特产品**[${n}]`,
    ].join('\n');
  };
  /** Every text the bot showed in a chat: drafts, messages and edits. */
  const shown = (chatId: number) =>
    telegram.calls
      .filter((call) => Number(call.payload.chat_id) === chatId)
      .filter((call) => ['sendMessageDraft', 'sendMessage', 'editMessageText'].includes(call.method))
      .map((call) => String(call.payload.text));

  it.each([
    ['as drafts', 240, true],
    ['by editing a message', 241, false],
  ])('streams Markdown %s formatted as the final answer, never as raw marks', async (_how, chatId, drafts) => {
    openai.reply = markdownReply;
    telegram.supportsDrafts = drafts;
    const user = telegram.user({ userId: chatId });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(chatId, answered);
    expect(answer.text).toMatch(/^<b>简答：<\/b> 2024年青岛帮销中西部农特产品<b>50\.1亿元<\/b>\[1\]。/);
    const texts = shown(chatId);
    expect(texts.filter((text) => text.endsWith('▍')).length).toBeGreaterThanOrEqual(3);
    for (const text of texts) {
      expect(text).not.toContain('**');
      expect(text).not.toMatch(/^\s*[-*] /m);
    }
  });

  it('finishes a stopped answer as an answer: formatted, with the sources it cited and their buttons', async () => {
    openai.reply = markdownReply;
    const user = telegram.user({ userId: 242 });
    await user.say(QUESTION);
    const streaming = await telegram.waitFor(
      242,
      (m) => m.text.includes('[1]') && m.buttons.some((b) => b.text === '⏹ 停止'),
    );
    await user.tap(streaming, '⏹');
    const stopped = await telegram.waitFor(242, (m) => m.text.endsWith('⏹ <i>已停止。</i>'));
    expect(stopped.messageId).toBe(streaming.messageId);
    expect(stopped.text).toMatch(/^<b>简答：<\/b>/);
    expect(stopped.text).toMatch(/<b>来源<\/b>\n\[1\] <b>青岛加快建设消费帮扶重点城市<\/b>/);
    expect(stopped.buttons.map((b) => b.text)).toContainEqual(expect.stringMatching(/^📄 1 /));
    expect(stopped.buttons.some((b) => b.text === '⏹ 停止' || b.text.startsWith('👍'))).toBe(false);
    for (const text of shown(242)) expect(text).not.toContain('**');
  });

  it("shows the model's Markdown as Telegram formatting", async () => {
    openai.reply = (messages) =>
      `**50.1亿元**：2024年青岛帮销中西部农特产品的总额[${passageWith(messages, '50.1亿元')}]。`;
    const user = telegram.user({ userId: 230 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(230, answered);
    expect(answer.text).toMatch(/^<b>50\.1亿元<\/b>：2024年青岛帮销中西部农特产品的总额\[1\]。/);
  });

  it('answers a voice message from its transcription, saying what it heard', async () => {
    openai.reply = citedReply;
    openai.transcribe = () => QUESTION;
    const user = telegram.user({ userId: 240 });
    await user.sendVoice(new Uint8Array([0x4f, 0x67, 0x67, 0x53, 1, 2, 3]), { duration: 4 });
    const heard = await telegram.waitFor(240, (m) => m.text.startsWith('🎙'));
    expect(heard.text).toBe(`🎙 <i>${QUESTION}</i>`);
    await telegram.waitFor(240, (m) => answered(m) && m.text.includes('50.1亿元'));
    const upload = openai.requests.find((request) => request.path === '/v1/audio/transcriptions');
    expect(upload?.body).toMatchObject({ model: 'test-whisper' });
    openai.transcribe = () => '   ';
    const mumbled = telegram.user({ userId: 242 });
    await mumbled.sendVoice(new Uint8Array([1, 2]), { duration: 2 });
    await telegram.waitFor(242, (m) => m.text.startsWith('没有从语音中识别出文字'));
    const tooLong = telegram.user({ userId: 241 });
    await tooLong.sendVoice(new Uint8Array([1]), { duration: 600 });
    await telegram.waitFor(241, (m) => m.text.includes('这条语音太长了'));
  });

  it('answers offline, and says so, when the chat model fails', async () => {
    openai.reply = () => {
      throw new Error('model down');
    };
    const user = telegram.user({ userId: 202 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(202, answered);
    expect(answer.text).toContain('离线');
    expect(answer.text).toContain('50.1亿元');
    expect(answer.text).toMatch(/\[1\]/);
    expect(openai.requests.some((request) => request.path === '/v1/chat/completions')).toBe(true);
    expect(logs.join('\n')).not.toContain(KEY);
  });
});
