import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { createBot } from '../../src/bot/bot.js';
import { fileConversations } from '../../src/state/conversation.js';
import { questionPayload } from '../../src/bot/features/deep-links/start-payload.js';
import { startPolling, type Running } from '../../src/app/run.js';
import type { Core } from '../../src/domain/ports.js';
import type { TestTelegram, BotMessage } from '../support/telegram-server.js';
import { silentLog } from '../../src/observe/log.js';
import { botTestbed, type Testbed } from '../support/testbed.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
const FOLLOW_UP = '那陇南呢？';
const ADMIN = 52;
const BOT_NAME = 'TestNameBot';

const isAnswer = (m: BotMessage) => m.text.includes('50.1亿元') && m.buttons.length > 0;

/**
 * What people rely on in LLM bots on Telegram, over the real grammY bot polling a loopback Bot
 * API, on the real offline core: conversations that outlive a restart, topics, inline answers,
 * deep links, captions, and the admin tools. Each test asks what it needs itself.
 */
describe('bot features end to end', () => {
  let testbed: Testbed;
  let workspace: Testbed['workspace'];
  let telegram: TestTelegram;
  let config: Config;
  let core: Core;
  let running: Running;
  /** What the bot asked the core, with the conversation it passed along. */
  const asked: Array<{ question: string; history: string[]; quick: boolean }> = [];
  let watched: Core;

  const startBot = async () => {
    running = await startPolling(await createBot(watched, config, { log: silentLog }), config);
  };

  beforeAll(async () => {
    testbed = await botTestbed({ ADMIN_USER_IDS: String(ADMIN), RATE_LIMIT_PER_MINUTE: '6' });
    ({ workspace, telegram, config, core } = testbed);
    watched = {
      ...core,
      ask: (question, options) => {
        asked.push({
          question,
          history: (options?.history ?? []).map((turn) => turn.question),
          quick: !!options?.quick,
        });
        return core.ask(question, options);
      },
      get busy() {
        return core.busy;
      },
    };
    await startBot();
  });

  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
  });

  const askedWith = (question: string) => asked.filter((a) => a.question === question).at(-1);

  it('keeps a conversation across a restart of the bot, and forgets exchanges older than the time to live', async () => {
    const user = telegram.user({ userId: 301 });
    await user.say(QUESTION);
    await telegram.waitFor(301, isAnswer);
    await running.stop();
    await startBot();
    await user.say(FOLLOW_UP);
    await telegram.waitFor(301, () => telegram.messages(301).length === 2);
    expect(askedWith(FOLLOW_UP)?.history).toEqual([QUESTION]);

    // A conversation whose last exchange is two hours old (HISTORY_TTL_MINUTES is 60).
    const stale = telegram.user({ userId: 302 });
    await fileConversations(workspace.dataDir).write('302', {
      turns: [{ question: QUESTION, answer: '…', at: Date.now() - 2 * 3_600_000 }],
    });
    await stale.say('那定西呢？');
    await telegram.waitFor(302, () => telegram.messages(302).length === 1);
    expect(askedWith('那定西呢？')?.history).toEqual([]);
  });

  it('in a forum keeps one conversation per person and topic, and answers each in its topic', async () => {
    const chatId = -1001;
    const alice = telegram.user({ userId: 311, chatId, type: 'supergroup', forum: true });
    const bob = telegram.user({ userId: 312, chatId, type: 'supergroup', forum: true });
    await alice.command(`/ask ${QUESTION}`, { message_thread_id: 7 });
    await telegram.waitFor(chatId, isAnswer);
    await bob.command('/ask 城阳区加入的跨省通办联盟第一批有多少事项？', { message_thread_id: 9 });
    await telegram.waitFor(chatId, (m) => m.text.includes('81项'));
    // Alice in another topic starts afresh; in her own topic she follows up on her own question.
    await alice.command('/ask 那陇南呢？', { message_thread_id: 9 });
    await alice.command('/ask 那定西呢？', { message_thread_id: 7 });
    await telegram.waitFor(chatId, () => telegram.messages(chatId).length === 4);
    expect(askedWith('那陇南呢？')?.history).toEqual([]);
    expect(askedWith('那定西呢？')?.history).toEqual([QUESTION]);

    const answer = telegram.messages(chatId).find(isAnswer)!;
    // A source is shown to the one who tapped it, privately: nothing is posted to a topic.
    await alice.tap(answer, '📄 1');
    await telegram.waitFor(311, (m) => m.text.startsWith('📄'));
    // Every message the bot posted went to the topic it was asked in, and so did "typing".
    const threads = telegram.messages(chatId).map((m) => m.threadId);
    expect(threads.filter((t) => t === 7)).toHaveLength(2);
    expect(threads.filter((t) => t === 9)).toHaveLength(2);
    const actions = telegram.callsTo('sendChatAction', chatId);
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((call) => [7, 9].includes(call.payload.message_thread_id))).toBe(true);
  });

  it('answers an inline query with the question and its cited answer, links to its passages; refusals and topics get a hint', async () => {
    const user = telegram.user({ userId: 321 });
    await user.inline(QUESTION);
    const { results, button, cache_time } = await telegram.waitForInlineAnswer(user);
    expect(results).toHaveLength(1);
    const result = results[0] as any;
    expect(result.title).toBe('青岛日报的回答');
    // Posted into a chat, it says what it answers.
    expect(result.input_message_content.message_text).toMatch(new RegExp(`^❓ <b>${QUESTION}</b>\\n\\n`));
    expect(result.input_message_content.message_text).toContain('50.1亿元');
    expect(result.input_message_content.message_text).toContain('<b>来源</b>');
    expect(result.input_message_content.parse_mode).toBe('HTML');
    expect(result.reply_markup.inline_keyboard[0][0].url).toMatch(
      new RegExp(`^https://t\\.me/${BOT_NAME}\\?start=src_[0-9a-f]{16}$`),
    );
    // The question does not fit in a /start payload (64 characters), so the button opens the help.
    expect(button).toEqual({ text: '在对话中提问', start_parameter: 'help' });
    expect(cache_time).toBeGreaterThan(0);
    expect(askedWith(QUESTION)?.quick).toBe(true);

    // A refusal is not offered for posting: the button says so, and asks in the bot's chat.
    await user.inline('青岛去年对日本出口了多少吨泡菜？');
    const refused = await telegram.waitForInlineAnswer(user);
    expect(refused.results).toEqual([]);
    expect(refused.button).toEqual({
      text: '报道中没有提到，在对话中换个问法',
      start_parameter: questionPayload('青岛去年对日本出口了多少吨泡菜？') ?? 'help',
    });

    // A topic is not a question: a hint, and the core is not asked.
    for (const topic of ['青岛', 'metro']) {
      await user.inline(topic);
      const hinted = await telegram.waitForInlineAnswer(user);
      expect(hinted.results).toEqual([]);
      expect(hinted.button?.text).toBe('请输入完整的问题，不只是一个词');
      expect(askedWith(topic)).toBeUndefined();
    }

    // Small talk is nothing to post either: the hint, which opens the bot's chat.
    await user.inline('你好，你是谁？');
    const smallTalk = await telegram.waitForInlineAnswer(user);
    expect(smallTalk.results).toEqual([]);
    expect(smallTalk.button?.text).toBe('输入关于青岛日报的问题');

    await user.inline('   ');
    const empty = await telegram.waitForInlineAnswer(user);
    expect(empty.results).toEqual([]);
    expect(empty.button?.text).toBe('输入关于青岛日报的问题');
  });

  it('limits a flood of inline queries and taps without using up the questions a person may ask', async () => {
    const user = telegram.user({ userId: 322 });
    let limited = false;
    for (let i = 0; i < 40 && !limited; i++) {
      await user.inline(`青岛 ${i}`);
      limited = (await telegram.waitForInlineAnswer(user)).button?.text === '提问太频繁，请稍等';
    }
    expect(limited).toBe(true);
    await user.say(QUESTION);
    const answer = await telegram.waitFor(322, isAnswer);
    for (let i = 0; i < 70; i++) await user.tapData(answer, 'vote:+:forged');
    for (let i = 0; i < 200; i++) {
      if (
        telegram.callsTo('answerCallbackQuery').some((call) => call.payload.text === '提问太频繁了，请稍等一分钟再试。')
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const answered = telegram.callsTo('answerCallbackQuery').map((call) => call.payload.text);
    expect(answered).toContain('提问太频繁了，请稍等一分钟再试。');
    // Forged votes are not recorded: the answer the data names was never given.
    expect(answered).toContain('这个回答太旧了，无法评价。');
  });

  it('opens a t.me deep link with its question or its passage', async () => {
    const user = telegram.user({ userId: 331 });
    const payload = questionPayload('青岛帮中西部卖了多少农产品')!;
    await user.command(`/start ${payload}`);
    const answer = await telegram.waitFor(331, isAnswer);
    expect(telegram.messages(331)[0].text).toContain('你的问题：<i>青岛帮中西部卖了多少农产品</i>');
    const chunkId = /^src:([0-9a-f]{16})/.exec(answer.buttons[0].callback_data)![1];
    await user.command(`/start src_${chunkId}`);
    const passage = await telegram.waitFor(331, (m) => m.text.startsWith('📄 <b>'));
    expect(passage.text).toContain('50.1亿元');
    await user.command(`/start ${payload.slice(0, -2)}`);
    await user.command('/start');
    await telegram.waitFor(331, (m) => m.text.includes('青岛日报</b> 5 个版面'));
    expect(telegram.messages(331).some((m) => m.text.includes('这个链接我不认识'))).toBe(true);
  });

  it('answers the caption of a photo, and says how to ask when there is none or it is a voice message', async () => {
    const user = telegram.user({ userId: 341 });
    await user.sendPhoto(QUESTION);
    await telegram.waitFor(341, isAnswer);
    await user.sendPhoto();
    await telegram.waitFor(341, (m) => m.text.includes('请用文字写下问题'));
    const english = telegram.user({ userId: 342, languageCode: 'en' });
    await english.sendVoice(new Uint8Array([1, 2, 3]), { duration: 3 });
    await telegram.waitFor(342, (m) => m.text.includes('please type your question'));
  });

  it('gives admins a /remove picker that asks to confirm, /feedback paged, and usage in /stats', async () => {
    const admin = telegram.user({ userId: ADMIN });
    const pagesBefore = (await core.stats()).pages;
    await admin.sendDocument(
      '2025-03-05_07.txt',
      Buffer.from('崂山区智慧灯杆建设提速\n\n本报讯 崂山区今年新建智慧灯杆3721根。'),
    );
    await telegram.waitFor(ADMIN, (m) => m.text.startsWith('✅ 已加入'));

    await admin.command('/remove');
    const picker = await telegram.waitFor(ADMIN, (m) => m.text.startsWith('要删除哪个版面'));
    await admin.tap(picker, '2025年3月5日 第7版');
    const confirm = await telegram.waitFor(
      ADMIN,
      (m) => m.messageId === picker.messageId && m.text.startsWith('从索引中删除'),
    );
    expect(confirm.text).toContain('2025-03-05_07.txt');
    // Someone else's tap on the confirmation changes nothing.
    await telegram.user({ userId: 343 }).tap(confirm, '🗑');
    await admin.tap(confirm, '🗑');
    await telegram.waitFor(ADMIN, (m) => m.text.startsWith('✅ 已删除 2025-03-05_07.txt'));
    expect(telegram.callsTo('answerCallbackQuery').some((c) => c.payload.text?.startsWith('只有管理员'))).toBe(true);
    expect((await core.stats()).pages).toBe(pagesBefore);

    // Two readers mark answers 👎; /feedback shows the newest first, one at a time.
    for (const [userId, question] of [
      [344, QUESTION],
      [345, '城阳区加入的跨省通办联盟第一批有多少事项？'],
    ] as const) {
      const reader = telegram.user({ userId });
      await reader.say(question);
      const answer = await telegram.waitFor(userId, (m) => m.buttons.some((b) => b.text === '👎'));
      await reader.tap(answer, '👎');
      await telegram.waitFor(userId, (m) => m.buttons.some((b) => b.text === '👎 1'));
    }
    await admin.command('/feedback');
    const first = await telegram.waitFor(ADMIN, (m) => m.text.startsWith('👎'));
    expect(first.text).toContain('第 1/2 条');
    expect(first.text).toContain('跨省通办');
    await admin.tap(first, '▶');
    const second = await telegram.waitFor(
      ADMIN,
      (m) => m.messageId === first.messageId && m.text.includes('第 2/2 条'),
    );
    expect(second.text).toContain(QUESTION);
    expect(second.text).toContain('青岛加快建设消费帮扶重点城市');

    // Not in a group: readers' questions are for the admin's eyes.
    const inGroup = telegram.user({ userId: ADMIN, chatId: -2001, type: 'group' });
    await inGroup.command('/feedback');
    await inGroup.command('/stats');
    await telegram.waitFor(-2001, (m) => m.text.includes('只有管理员可以查看'));
    const groupStats = await telegram.waitFor(-2001, (m) => m.text.includes('索引状态'));
    expect(groupStats.text).not.toContain('使用情况');

    // A question the reports do not answer, counted as such.
    await telegram.user({ userId: 347 }).say('红烧肉怎样做最好吃？');
    await telegram.waitFor(347, (m) => m.text.includes('报道中没有找到'));
    await admin.command('/stats');
    const stats = await telegram.waitFor(ADMIN, (m) => m.text.includes('使用情况'));
    // Offline, every answer is an offline one; refusals are counted apart, never as answers.
    const today = /今天 (\d+) 个问题：(\d+) 个有答案（(\d+) 个离线），(\d+) 个报道中没有；中位用时 [\d.]+ 秒/.exec(
      stats.text,
    );
    const [questions, answered, offline, refused] = (today ?? []).slice(1).map(Number);
    expect(answered).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect([answered + refused, offline]).toEqual([questions, answered]);
    expect(stats.text).toMatch(/最近索引：\d{1,2}月\d{1,2}日 \d\d:\d\d/);
    await telegram.user({ userId: 346 }).command('/stats');
    const plain = await telegram.waitFor(346, (m) => m.text.includes('索引状态'));
    expect(plain.text).not.toContain('使用情况');
  });
});
