import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/answer/chat.js';
import { createCore } from '../../src/core.js';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, type Running } from '../../src/bot/run.js';
import type { Core } from '../../src/types.js';
import { FakeOpenAIServer } from '../support/openai-server.js';
import { TestTelegram } from '../../src/bench/telegram-server.js';
import { tempWorkspace, testConfig } from '../support/workspace.js';
import { silentLog, logInto } from '../../src/observe/log.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
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

/**
 * The loopback server sends a whole stream at once; a model streams over seconds. Re-timing its
 * server-sent events lets the bot's draft updates show.
 */
const slowStreams: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.headers.get('content-type')?.includes('text/event-stream')) return response;
  const events = (await response.text()).split(/(?<=\n\n)/);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const event of events) {
        controller.enqueue(new TextEncoder().encode(event));
        await new Promise((resolve) => setTimeout(resolve, 120));
      }
      controller.close();
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
};

/** The bot with a chat model served by a local OpenAI-compatible server: streaming and failure. */
describe('Telegram bot with a chat model', () => {
  const openai = new FakeOpenAIServer({ dim: 32, apiKey: KEY, streamPiece: 3, reply: citedReply });
  let closeOpenai: () => Promise<void>;
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let telegram: TestTelegram;
  let core: Core;
  let running: Running;
  const logs: string[] = [];

  beforeAll(async () => {
    workspace = await tempWorkspace();
    const started = await openai.start();
    closeOpenai = started.close;
    telegram = await TestTelegram.start();
    const config = testConfig({
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: started.url,
      CHAT_MODEL: 'test-chat',
      EMBEDDING_MODEL: 'test-embed',
      LLM_TIMEOUT_MS: '10000',
    });
    core = await createCore(config, { fetch: slowStreams, log: silentLog });
    running = await startPolling(await createBot(core, config, { log: logInto(logs) }), config);
  });

  afterAll(async () => {
    await running?.stop();
    await core?.close();
    await telegram?.stop();
    await closeOpenai?.();
    await workspace?.remove();
  });

  const ANSWER =
    /^2024年，青岛市累计帮销中西部地区农特产品50\.1亿元\[1\]。这是青岛建设消费帮扶重点城市的成果之一\[1\]。\n\n<b>来源<\/b>\n\[1\] <b>青岛加快建设消费帮扶重点城市<\/b>/;

  it('streams the answer as a draft where Telegram allows drafts, then sends it in full', async () => {
    telegram.supportsDrafts = true;
    const user = telegram.user({ userId: 200 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(200, (m) => m.buttons.length > 0);
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
    telegram.supportsDrafts = false;
    const user = telegram.user({ userId: 201 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(201, (m) => m.buttons.length > 0);
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
    expect(logs.some((line) => line.includes('drafts refused'))).toBe(true);
  });

  it('answers offline, and says so, when the chat model fails', async () => {
    openai.reply = () => {
      throw new Error('model down');
    };
    const user = telegram.user({ userId: 202 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(202, (m) => m.buttons.length > 0);
    expect(answer.text).toContain('离线');
    expect(answer.text).toContain('50.1亿元');
    expect(answer.text).toMatch(/\[1\]/);
    expect(openai.requests.some((request) => request.path === '/v1/chat/completions')).toBe(true);
    expect(logs.join('\n')).not.toContain(KEY);
  });
});
