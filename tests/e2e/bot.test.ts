import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { request as httpRequest } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../src/app/config.js';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, startWebhook, type Running } from '../../src/app/run.js';
import type { Core } from '../../src/domain/ports.js';
import { npmStart, REPO } from '../support/workspace.js';
import { botTestbed, type Testbed } from '../support/testbed.js';
import { type TestTelegram, freePort, type BotMessage } from '../support/telegram-server.js';
import { logInto } from '../support/log.js';
import { encoded, pdf, wordDocument } from '../support/documents.js';
import { htmlToText } from '../../src/bot/render/html.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';
const ADMIN = 42;
/** A second admin, with a chat of its own. */
const ADMIN2 = 43;
/**
 * More admins, so that each test reads replies in chats of its own: what an earlier test left in
 * a chat (a ✅, a ❌) cannot pass for this one's, and Telegram's limit of about a message a second
 * per chat (which the bot keeps) is not met by replies that need not share a chat.
 */
const TOKEN_ADMIN = 44;
const UPLOADER = 45;
const REFUSED_UPLOADER = 46;
const WEBHOOK_ADMIN = 47;
const FORMAT_ADMINS = [51, 52, 53, 54, 55];
const ADMINS = [ADMIN, ADMIN2, TOKEN_ADMIN, UPLOADER, REFUSED_UPLOADER, WEBHOOK_ADMIN, ...FORMAT_ADMINS];
/** telegram-test-api's getMe. */
const BOT = { id: 666, username: 'TestNameBot' };

const isAnswer = (m: BotMessage) => m.text.includes('50.1亿元') && m.buttons.length > 0;

/**
 * The real grammY bot, long polling a local Bot API over HTTP, on the real core with an index
 * built once from a copy of the seeds (offline: no API key).
 */
describe('Telegram bot end to end', () => {
  let testbed: Testbed;
  let workspace: Testbed['workspace'];
  let telegram: TestTelegram;
  let config: Config;
  let core: Core;
  let watched: Core;
  let running: Running;
  /** The pages of the seeds: what the index holds when no test has changed it. */
  let seedFiles: Set<string>;
  const logs: string[] = [];
  /** Holds the next reindex until released, to show that questions are answered meanwhile. */
  let reindexGate: Promise<void> | null = null;
  let reindexFailure: Error | null = null;
  let held = false;
  /** What the bot asked the core, with the conversation it passed along. */
  const asked: Array<{ question: string; history: string[] }> = [];

  /** The bot every test talks to, long polling; a test that stops it or serves another starts it again. */
  const startBot = async () => {
    running = await startPolling(await createBot(watched, config, { log: logInto(logs) }), config);
  };

  beforeAll(async () => {
    seedFiles = new Set(await readdir(path.join(REPO, 'seeds')));
    testbed = await botTestbed({
      ADMIN_USER_IDS: ADMINS.join(','),
      RATE_LIMIT_PER_MINUTE: '5',
      MAX_QUESTION_CHARS: '100',
      MAX_UPLOAD_BYTES: '30000',
    });
    ({ workspace, telegram, config, core } = testbed);
    // The real core, watched, with two ways to make it fail on purpose.
    watched = {
      ...core,
      ask: async (question, options) => {
        asked.push({ question, history: (options?.history ?? []).map((turn) => turn.question) });
        if (question === '💥') throw new Error('the core broke');
        return core.ask(question, options);
      },
      passage: async (id) => {
        if (id === 'explode') throw new Error('the index broke');
        return core.passage(id);
      },
      // A reindex held at the gate is running, as the real core says of its own.
      get busy() {
        return held || core.busy;
      },
      reindex: async (options) => {
        held = true;
        await reindexGate;
        held = false;
        if (reindexFailure) throw reindexFailure;
        return core.reindex(options);
      },
    };
    await startBot();
  });

  afterEach(async () => {
    reindexGate = null;
    reindexFailure = null;
    telegram.intercept = null;
    // A test that failed midway may have left pages behind; the next one starts from the seeds.
    for (const page of await core.pages()) if (!seedFiles.has(page.file)) await core.removePage(page.file);
  });

  afterAll(async () => {
    await running?.stop();
    await testbed?.close();
  });

  it("registers its command menu in Chinese and English, with admin commands only in admins' chats", () => {
    const names = (commands: Array<{ command: string }>) => commands.map((c) => c.command);
    expect(names(telegram.commandsFor())).toEqual(['ask', 'timeline', 'new', 'cancel', 'help', 'stats', 'pages']);
    expect(telegram.commandsFor(undefined, 'en')).toContainEqual({
      command: 'new',
      description: 'Start a new conversation',
    });
    for (const admin of [ADMIN, ADMIN2]) {
      expect(telegram.commandsFor({ type: 'chat', chat_id: admin })).toContainEqual({
        command: 'reindex',
        description: '重建索引（管理员）',
      });
      expect(telegram.commandsFor({ type: 'chat', chat_id: admin }, 'en')).toContainEqual({
        command: 'feedback',
        description: 'Answers readers marked 👎 (admins)',
      });
    }
  });

  it('answers a private question with cited sources and buttons, showing that it is offline', async () => {
    const user = telegram.user({ userId: 101 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(101, isAnswer);
    expect(answer.parseMode).toBe('HTML');
    expect(answer.text).toMatch(/\[1\]/);
    expect(answer.text).toContain('离线');
    expect(answer.text).toContain('<b>来源</b>\n[1] <b>青岛加快建设消费帮扶重点城市</b>');
    // Where it was printed, read from the page: the year from the years it names.
    expect(answer.text).toContain('<b>青岛加快建设消费帮扶重点城市</b> · 青岛日报 2025年2月27日');
    expect(answer.buttons[0]).toMatchObject({
      text: expect.stringMatching(/^📄 1 青岛/),
      callback_data: expect.stringMatching(/^src:[0-9a-f]{16}~\w+$/),
    });
    expect(answer.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['👍', '👎']));
    expect(telegram.calls.some((call) => call.method === 'sendChatAction' && call.payload.chat_id === 101)).toBe(true);
  });

  it('shows the full passage when a source button is tapped', async () => {
    const user = telegram.user({ userId: 131 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(131, isAnswer);
    await user.tap(answer, '📄 1');
    const passage = await telegram.waitFor(131, (m) => m.text.startsWith('📄 <b>'));
    expect(passage.text).toContain('青岛加快建设消费帮扶重点城市');
    // For readers: no file name, and the sentence the answer quotes marked.
    expect(passage.text).not.toContain('000_2f615ec6976ddc12.txt');
    expect(passage.text).toMatch(/<b>2024年,青岛市累计帮销中西部地区农特产品50\.1亿元[^<]*<\/b>/);
    expect(passage.replyTo).toBe(answer.messageId);
  });

  it('stores one vote per person, with the question, the answer and its sources, and shows it on the buttons', async () => {
    const user = telegram.user({ userId: 132 });
    await user.say(QUESTION);
    const answer = await telegram.waitFor(132, isAnswer);
    await user.tap(answer, '👎');
    const counted = await telegram.waitFor(
      132,
      (m) => m.messageId === answer.messageId && m.buttons.some((b) => b.text === '👎 1'),
    );
    // The same tap again changes nothing; the other one changes the vote.
    await user.tap(counted, '👎');
    await user.tap(counted, '👍');
    await telegram.waitFor(132, (m) => m.messageId === answer.messageId && m.buttons.some((b) => b.text === '👍 1'));
    const feedbackFile = path.join(workspace.dataDir, 'feedback.jsonl');
    let lines: Array<Record<string, any>> = [];
    for (let i = 0; i < 100 && lines.length < 2; i++) {
      lines = (await readFile(feedbackFile, 'utf8').catch(() => ''))
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((vote) => vote.userId === 132);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(lines.map((vote) => vote.vote)).toEqual(['down', 'up']);
    const vote = lines[0];
    expect(vote).toMatchObject({
      vote: 'down',
      userId: 132,
      chatId: 132,
      messageId: answer.messageId,
      question: QUESTION,
      mode: 'offline',
    });
    expect(vote.answer).toContain('50.1亿元');
    expect(vote.sources[0]).toMatchObject({ n: 1, file: '000_2f615ec6976ddc12.txt' });
  });

  it('in a group answers only /ask, mentions and replies to its own messages', async () => {
    const chatId = -500;
    const member = telegram.user({ userId: 104, chatId, type: 'group' });
    await member.say('大家好，今天开会吗？');
    await member.command(`/ask ${QUESTION}`);
    const first = await telegram.waitFor(chatId, isAnswer);
    expect(telegram.messages(chatId)).toHaveLength(1);

    // A source tapped in a group is shown to the one who tapped, privately: the group's answer stays as it is.
    const other = telegram.user({ userId: 150, chatId, type: 'group' });
    await other.tap(first, '📄 1');
    const shown = await telegram.waitFor(150, (m) => m.text.startsWith('📄'));
    expect(shown.text).toContain('50.1亿元');
    expect(shown.text).toContain('青岛日报 2025年2月27日');
    // The sentence the answer quotes is marked; no file name for readers.
    expect(shown.text).toMatch(/<b>[^<]*50\.1亿元[^<]*<\/b>/);
    expect(shown.text).not.toContain('.txt');
    // The tap is answered after the passage is sent.
    await vi.waitFor(() => expect(telegram.callsTo('answerCallbackQuery').at(-1)?.payload.text).toBe('已私信发给你。'));
    // One who never started the bot is taken to the bot's chat, where a link shows the passage.
    telegram.intercept = (method, payload) =>
      method === 'sendMessage' && Number(payload.chat_id) === 104
        ? { status: 403, description: "Forbidden: bot can't initiate conversation with a user" }
        : null;
    await member.tap(first, '📄 1');
    await vi.waitFor(() =>
      expect(telegram.callsTo('answerCallbackQuery').at(-1)?.payload.url).toMatch(
        new RegExp(`^https://t\\.me/${BOT.username}\\?start=src_[\\w-]+$`),
      ),
    );
    expect(telegram.callsTo('editMessageText', chatId)).toHaveLength(0);
    expect(telegram.messages(chatId)).toHaveLength(1);
    expect(telegram.messages(chatId)[0]).toMatchObject({ text: first.text });

    await member.say(`@${BOT.username} 城阳区加入的跨省通办联盟第一批有多少事项？`, {
      entities: [{ type: 'mention', offset: 0, length: BOT.username.length + 1 }],
    });
    await telegram.waitFor(chatId, (m) => m.text.includes('81项'));

    await member.say('这个数字是哪一年的？', {
      reply_to_message: {
        message_id: first.messageId,
        date: 0,
        chat: { id: chatId, type: 'group', title: 'g' },
        from: { id: BOT.id, is_bot: true, first_name: 'Bot' },
        text: '…',
      },
    });
    await member.say('和机器人无关的一句话。');
    await member.command('/new');
    await telegram.waitFor(chatId, (m) => m.text.includes('新对话'));
    // Three answers and the /new reply: neither plain message got one.
    expect(telegram.messages(chatId)).toHaveLength(4);
    expect(asked.find((a) => a.question === '这个数字是哪一年的？')?.history).toEqual([
      QUESTION,
      '城阳区加入的跨省通办联盟第一批有多少事项？',
    ]);

    await member.command(`/ask ${QUESTION}`);
    await telegram.waitFor(chatId, () => telegram.messages(chatId).length === 5);
    expect(asked.at(-1)).toEqual({ question: QUESTION, history: [] });
  });

  it('answers an update that fails with an apology, logs it, and keeps going', async () => {
    const user = telegram.user({ userId: 112 });
    const callsBefore = telegram.calls.length;
    await user.say('💥');
    await telegram.waitFor(112, (m) => m.text === '抱歉，处理时出错了，请再试一次。');
    expect(logs.join('\n')).toContain('the core broke');
    await user.tap(
      {
        messageId: 1,
        chatId: 112,
        text: '',
        parseMode: undefined,
        replyTo: undefined,
        buttons: [{ text: '📄 1', callback_data: 'src:explode' }],
      },
      0,
    );
    await user.say(QUESTION);
    await telegram.waitFor(112, isAnswer);
    const alert = telegram.calls
      .slice(callsBefore)
      .find((call) => call.method === 'answerCallbackQuery' && call.payload.show_alert);
    expect(alert?.payload.text).toBe('抱歉，处理时出错了，请再试一次。');
  });

  it('explains unknown commands, empty and overlong questions, in English for English clients', async () => {
    const user = telegram.user({ userId: 103 });
    await user.command('/frobnicate');
    const unknown = await telegram.waitFor(103, (m) => m.text.includes('/frobnicate'));
    expect(unknown.text).toContain('/ask');
    // Admin commands are listed to admins only.
    expect(unknown.text).not.toContain('/reindex');
    await user.command('/ask');
    const empty = await telegram.waitFor(103, (m) => m.text.startsWith('请在 /ask 后面写下问题'));
    // The examples to tap come from the newest pages: each asks for a figure.
    expect(empty.buttons.length).toBe(3);
    for (const button of empty.buttons) expect(button.text).toMatch(/多少.*？$/);
    await user.say('问'.repeat(150));
    const long = await telegram.waitFor(103, (m) => m.text.includes('太长'));
    expect(long.text).toContain('100');

    const english = telegram.user({ userId: 109, languageCode: 'en' });
    await english.command('/start');
    const help = await telegram.waitFor(109, (m) => m.text.includes('Qingdao Daily'));
    expect(help.text).toMatch(/from 5 pages, \d+ articles/);
    await english.command('/stats');
    const stats = await telegram.waitFor(109, (m) => m.text.includes('Embedder'));
    expect(stats.text).toMatch(/Pages: 5\nArticles: \d+\nChunks: \d+\nEmbedder: offline-hashed-bow-512/);
    expect(stats.text).toContain('Chat model: none');
  });

  it('refuses admin commands to others and changes nothing', async () => {
    const user = telegram.user({ userId: 105 });
    const pagesBefore = (await core.stats()).pages;
    await user.command('/reindex');
    await user.command('/remove 000_2f615ec6976ddc12.txt');
    await user.sendDocument('page.txt', Buffer.from('标题\n\n本报讯 内容。'));
    // A chat's updates are handled in order: once /new is answered, so is everything before it.
    await user.command('/new');
    await telegram.waitFor(105, (m) => m.text.includes('新对话'));
    expect(
      telegram
        .messages(105)
        .map((m) => m.text)
        .slice(0, -1),
    ).toEqual(Array(3).fill('只有管理员可以这样做，没有做任何更改。'));
    expect((await core.stats()).pages).toBe(pagesBefore);
  });

  it('reindexes for an admin, showing progress and counts, while questions are still answered; a second /reindex joins the run', async () => {
    const reindexRuns = async () =>
      Number(
        /^qa_index_change_duration_seconds_count\{change="reindex",result="ok"\} (\d+)$/m.exec(
          await core.metrics.registry.metrics(),
        )?.[1] ?? 0,
      );
    const runsBefore = await reindexRuns();
    let release!: () => void;
    reindexGate = new Promise((resolve) => (release = resolve));
    const admin = telegram.user({ userId: ADMIN });
    const earlier = telegram.messages(ADMIN).length;
    let progress: BotMessage;
    let joined: BotMessage;
    try {
      await admin.command('/reindex');
      progress = await telegram.waitFor(ADMIN, (m) => m.text.includes('正在重建索引'));
      const asker = telegram.user({ userId: 106 });
      await asker.say(QUESTION);
      await telegram.waitFor(106, isAnswer);
      await admin.command('/reindex');
      joined = await telegram.waitFor(
        ADMIN,
        (m) => m.text.includes('正在重建索引') && m.messageId !== progress.messageId,
      );
    } finally {
      release();
      reindexGate = null;
    }
    const done = await telegram.waitFor(ADMIN, (m) => m.messageId === progress.messageId && m.text.startsWith('✅'));
    expect(done.text).toMatch(/^✅ 索引已重建：5 个版面，\d+ 篇文章，\d+ 个片段，用时 [\d.]+ 秒。$/);
    const alsoDone = await telegram.waitFor(ADMIN, (m) => m.messageId === joined.messageId && m.text.startsWith('✅'));
    expect(alsoDone.text).toBe(done.text);
    expect(
      telegram
        .messages(ADMIN)
        .slice(earlier)
        .filter((m) => m.text.startsWith('✅')),
    ).toHaveLength(2);
    expect(await reindexRuns()).toBe(runsBefore + 1);
  });

  it('says what failed in a reindex, the raw error only in the log, and can reindex again after', async () => {
    reindexFailure = Object.assign(new Error(`EACCES: permission denied, scandir '${workspace.seedsDir}'`), {
      code: 'EACCES',
    });
    const admin = telegram.user({ userId: ADMIN2 });
    try {
      await admin.command('/reindex');
      const failed = await telegram.waitFor(ADMIN2, (m) => m.text.startsWith('❌'));
      expect(failed.text).toBe('❌ 失败：服务器上的文件无法读写');
      expect(logs.join('\n')).toContain(`permission denied, scandir '${workspace.seedsDir}'`);
      reindexFailure = null;
      await admin.command('/reindex');
      await telegram.waitFor(ADMIN2, (m) => m.text.startsWith('✅ 索引已重建'));
    } finally {
      reindexFailure = null;
    }
  });

  it('adds an uploaded report and answers from it; refuses what is not a usable report', async () => {
    const admin = telegram.user({ userId: UPLOADER });
    // Refusals in a chat of their own: they need not wait behind the replies in the uploader's.
    const refused = telegram.user({ userId: REFUSED_UPLOADER });
    const pagesBefore = (await core.stats()).pages;
    const report = [
      '崂山区智慧灯杆建设提速',
      '',
      '□青岛日报/观海新闻记者 测试',
      '',
      '本报3月5日讯 崂山区今年新建智慧灯杆3721根，覆盖主要道路和景区。这些灯杆集成照明、监控和5G基站功能。',
    ].join('\n');
    await admin.sendDocument('laoshan-2025-03-05.txt', Buffer.from(report));
    const added = await telegram.waitFor(UPLOADER, (m) => m.text.startsWith('✅ 已加入'));
    expect(added.text).toContain(`${pagesBefore + 1} 个版面`);

    const asker = telegram.user({ userId: 107 });
    await asker.say('崂山区今年新建了多少根智慧灯杆？');
    const answer = await telegram.waitFor(107, (m) => m.buttons.length > 0);
    expect(answer.text).toContain('3721');
    // Its dateline gives the day; it names no year, so none is shown.
    expect(answer.text).toContain('<b>崂山区智慧灯杆建设提速</b> · 青岛日报 3月5日');

    await refused.sendDocument('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await telegram.waitFor(
      REFUSED_UPLOADER,
      (m) => m.text.includes('photo.png') && m.text.includes('只接受 .txt、.md、.docx、.pdf、.html、.jsonl 或 .csv'),
    );
    await refused.sendDocument('big.txt', Buffer.from('x'), 50_000);
    await telegram.waitFor(REFUSED_UPLOADER, (m) => m.text.includes('文件太大（50000 字节），上限为 30000 字节'));
    await refused.sendDocument('blank.md', Buffer.from('  \n\n  '));
    const empty = await telegram.waitFor(
      REFUSED_UPLOADER,
      (m) => m.text.startsWith('❌') && m.text.includes('blank.md'),
    );
    expect(empty.text).toContain('blank.md');
    expect((await core.stats()).pages).toBe(pagesBefore + 1);

    await refused.command('/remove nosuch.txt');
    await telegram.waitFor(REFUSED_UPLOADER, (m) => m.text.startsWith('❌') && m.text.includes('nosuch.txt'));
    await admin.command('/remove laoshan-2025-03-05.txt');
    // Named or picked, a page is removed only once the admin confirms.
    const confirm = await telegram.waitFor(UPLOADER, (m) => m.text.startsWith('从索引中删除'));
    expect(confirm.text).toContain('laoshan-2025-03-05.txt');
    expect((await core.stats()).pages).toBe(pagesBefore + 1);
    await admin.tap(confirm, '🗑');
    const removed = await telegram.waitFor(UPLOADER, (m) => m.text.startsWith('✅ 已删除'));
    expect(removed.text).toContain(`已删除 laoshan-2025-03-05.txt。索引：${pagesBefore} 个版面`);
    await admin.command('/pages');
    const pages = await telegram.waitFor(UPLOADER, (m) => m.text.includes('已收录'));
    expect(pages.text).toContain(`已收录 ${pagesBefore} 个版面`);
    expect(pages.text).not.toContain('laoshan');
    // Newest first, by where each page was printed; the page whose year is unknown last.
    const listed = pages.text.split('\n').slice(1);
    expect(listed[0]).toMatch(/^• <b>青岛日报 2025年2月27日<\/b> · <code>000_2f615ec6976ddc12\.txt<\/code>/);
    expect(listed.map((line) => /20\d\d年\d+月|9月27日/.exec(line)?.[0])).toEqual([
      '2025年2月',
      '2024年9月',
      '2021年4月',
      '2020年12月',
      '9月27日',
    ]);
  });

  it('adds pages in the formats newsrooms have, and refuses what is not text, saying why', async () => {
    // Each file from an admin of its own, so that no reply waits behind another in the same chat.
    const admins = FORMAT_ADMINS.map((userId) => telegram.user({ userId }));
    const page = (place: string, figure: string) =>
      `${place}智慧灯杆建设提速\n\n本报3月5日讯 ${place}今年新建智慧灯杆${figure}根，覆盖主要道路和景区。`;
    const uploads: Array<[string, Uint8Array, string, string]> = [
      [
        'shinan-gbk.txt',
        encoded(
          `---\ndate: 2025-03-05\npage: A02\nurl: https://epaper.example.com/a02\n---\n${page('市南区', '1288')}`,
          'gbk',
        ),
        '市南区',
        '1288',
      ],
      ['licang-utf16.txt', encoded(`\uFEFF${page('李沧区', '2466')}`, 'utf-16le'), '李沧区', '2466'],
      ['chengyang-utf16.txt', encoded(page('城阳区', '3157'), 'utf-16be'), '城阳区', '3157'],
      ['huangdao.docx', await wordDocument(page('黄岛区', '4012')), '黄岛区', '4012'],
      ['jimo.pdf', pdf(page('即墨区', '5236').split('\n').filter(Boolean)), '即墨区', '5236'],
    ];
    const before = (await core.stats()).pages;
    for (const [i, [name, bytes]] of uploads.entries()) {
      // The admin gives the PDF's date and page in the caption, as the e-paper shows them.
      await admins[i].sendDocument(
        name,
        bytes,
        bytes.byteLength,
        name.endsWith('.pdf') ? '2025-03-05 第3版' : undefined,
      );
      await telegram.waitFor(admins[i].chatId, (m) => m.text.startsWith('✅ 已加入') && m.text.includes(name));
    }
    expect((await core.stats()).pages).toBe(before + uploads.length);
    for (const [, , place, figure] of uploads) {
      const asker = telegram.user({ userId: 120 + Number(figure[0]) });
      // No 今年 in the question: the pages' "this year" is 2025 and the clock's is not, and the
      // time a question leans on is not what this test is about.
      await asker.say(`${place}新建了多少根智慧灯杆？`);
      const answer = await telegram.waitFor(asker.chatId, (m) => m.buttons.length > 0);
      // The figure asked for is in bold.
      expect(answer.text).toContain(`${place}今年新建智慧灯杆<b>${figure}根</b>`);
      if (place === '即墨区') expect(answer.text).toContain('· 2025年3月5日 第3版');
      if (place === '市南区') {
        expect(answer.text).toContain('· 2025年3月5日 A02');
        expect(answer.buttons).toContainEqual({ text: '🔗 1', url: 'https://epaper.example.com/a02' });
      }
    }

    const refusals: Array<[string, Uint8Array, RegExp]> = [
      [
        'photo.txt',
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
        /photo\.txt 不是文本文件（PNG 图片）/,
      ],
      [
        'controls.txt',
        new Uint8Array(Buffer.from('版面\u0001\u0002\u0003\u0004\u0005'.repeat(40))),
        /controls\.txt 像是二进制文件/,
      ],
      ['scan.pdf', pdf([]), /scan\.pdf 没有文字层（可能是扫描件）/],
      // Bytes in no encoding: read as GB18030 or Big5 they make no words.
      [
        'R&D.txt',
        new Uint8Array(Array.from({ length: 400 }, (_, i) => 0x81 + ((i * 37) % 126))),
        /R&D\.txt 不是可识别编码/,
      ],
    ];
    // What the admin reads: HTML messages as Telegram shows them.
    const shown = (m: BotMessage) => (m.parseMode === 'HTML' ? htmlToText(m.text) : m.text);
    for (const [i, [name, bytes, reason]] of refusals.entries()) {
      await admins[i].sendDocument(name, bytes);
      const refused = await telegram.waitFor(
        admins[i].chatId,
        (m) => shown(m).startsWith('❌') && shown(m).includes(name),
      );
      expect(shown(refused)).toMatch(reason);
      expect(shown(refused)).not.toContain(workspace.dir);
    }
    await admins[4].sendDocument('Q&A.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const notText = await telegram.waitFor(admins[4].chatId, (m) => shown(m).includes('Q&A.png'));
    expect(shown(notText)).toBe('不能加入 Q&A.png：只接受 .txt、.md、.docx、.pdf、.html、.jsonl 或 .csv 文件。');
    expect((await core.stats()).pages).toBe(before + uploads.length);
    for (const [i, [name]] of uploads.entries()) {
      await admins[i].command(`/remove ${name}`);
      await admins[i].tap(
        await telegram.waitFor(admins[i].chatId, (m) => m.text.includes(name) && m.buttons.length > 0),
        '🗑',
      );
      await telegram.waitFor(admins[i].chatId, (m) => m.text.startsWith('✅ 已删除') && m.text.includes(name));
    }
  });

  it('says a refused question plainly, with no sources but the nearest reports and what to try', async () => {
    const user = telegram.user({ userId: 110 });
    await user.say('青岛去年对日本出口了多少吨泡菜？');
    const answer = await telegram.waitFor(110, (m) => m.buttons.length > 0);
    expect(answer.text).toContain('报道里没有日本的信息。相近的报道：');
    expect(answer.text).not.toContain('来源');
    expect(answer.buttons.some((b) => b.text.startsWith('📄'))).toBe(true);
    expect(answer.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['👍', '👎']));
    await user.say('红烧肉怎样做最好吃？');
    const plain = await telegram.waitFor(110, (m) => m.buttons.length > 0 && m.text.includes('报道中没有找到'));
    expect(plain.text).not.toContain('来源');
    expect(plain.text).toContain('可以换个问法，或看看相近的报道：');
    expect(plain.buttons.some((b) => b.text.startsWith('📄'))).toBe(true);
    expect(plain.buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['👍', '👎']));
  });

  it('limits how fast one person asks, politely', async () => {
    const user = telegram.user({ userId: 108 });
    const limited = () => telegram.messages(108).some((m) => m.text.includes('提问太频繁'));
    // The limiter's counts all reset once a minute; six questions that straddle a reset are
    // not too many, so a second round of six is asked then.
    for (let round = 1; round <= 2 && !limited(); round++) {
      for (let i = 0; i < 6; i++) await user.command('/ask');
      await telegram.waitFor(108, () => limited() || telegram.messages(108).length >= 6 * round);
    }
    expect(limited()).toBe(true);
    // Every question before the limit was answered (here: asked to write one).
    const answered = telegram.messages(108).filter((m) => !m.text.includes('提问太频繁'));
    expect(answered.every((m) => m.text.startsWith('请在 /ask 后面写下问题'))).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(5);
  });

  it('never logs or shows its token, even when an error carries it', async () => {
    // Errors from HTTP clients often quote the request URL, which holds the token.
    reindexFailure = new Error(`GET ${telegram.apiRoot}/bot${telegram.token}/getFile failed`);
    const admin = telegram.user({ userId: TOKEN_ADMIN });
    try {
      await admin.command('/reindex');
      const failed = await telegram.waitFor(TOKEN_ADMIN, (m) => m.text.startsWith('❌'));
      expect(failed.text).toBe('❌ 失败：意外错误，详情见日志');
      expect(failed.text).not.toContain(telegram.token);
      expect(failed.text).not.toContain('getFile');
      expect(logs.join('\n')).toContain('getFile failed');
      expect(logs.join('\n')).not.toContain(telegram.token);
    } finally {
      reindexFailure = null;
    }
  });

  it('on stop, finishes the update it already took', async () => {
    const user = telegram.user({ userId: 113 });
    await user.say(QUESTION);
    // Typing shows that the bot is at work on the question.
    for (
      let i = 0;
      i < 200 && !telegram.calls.some((call) => call.method === 'sendChatAction' && call.payload.chat_id === 113);
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(telegram.messages(113)).toHaveLength(0);
    try {
      await running.stop();
      expect(telegram.messages(113).some(isAnswer)).toBe(true);
    } finally {
      await startBot();
    }
  });

  it('serves the same bot over a webhook with a secret, restricted to the allowed chats', async () => {
    const port = await freePort();
    const webhookConfig: Config = {
      ...config,
      webhookUrl: `http://127.0.0.1:${port}/telegram`,
      webhookSecret: 'hook-secret_1',
      webhookPort: port,
      allowedChatIds: [111],
    };
    // The polling bot steps aside while the webhook serves, and comes back after.
    await running.stop();
    const webhook = await startWebhook(await createBot(core, webhookConfig, { log: logInto(logs) }), webhookConfig);
    try {
      await servedByWebhook(webhookConfig);
    } finally {
      await webhook.stop();
      await startBot();
    }
  });

  async function servedByWebhook(webhookConfig: Config): Promise<void> {
    expect(telegram.calls.filter((call) => call.method === 'setWebhook').at(-1)?.payload).toMatchObject({
      url: webhookConfig.webhookUrl,
      secret_token: 'hook-secret_1',
    });

    const forged = await fetch(webhookConfig.webhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"update_id":1}',
    });
    expect(forged.status).toBe(401);

    await telegram.user({ userId: 111 }).say(QUESTION);
    await telegram.waitFor(111, isAnswer);
    await telegram.user({ userId: 114 }).say(QUESTION);
    await telegram.waitFor(114, (m) => m.text === '抱歉，这个机器人不对外开放。');
    await telegram.user({ userId: WEBHOOK_ADMIN }).command('/stats');
    await telegram.waitFor(WEBHOOK_ADMIN, (m) => m.text.startsWith('📊'));

    const secret = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'hook-secret_1' };
    // Refused by its declared size while the first kilobyte of 200 MB is still all that was sent.
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        webhookConfig.webhookUrl!,
        { method: 'POST', headers: { ...secret, 'content-length': String(200_000_000) } },
        (response) => {
          resolve(response.statusCode ?? 0);
          request.destroy();
        },
      );
      request.on('error', reject);
      request.write(`{"update_id":${' '.repeat(1_000)}`);
    });
    expect(status).toBe(413);

    // The same update delivered twice (Telegram retries a slow webhook) is answered once.
    const update = {
      update_id: 990_001,
      message: {
        message_id: 1,
        date: 0,
        text: QUESTION,
        chat: { id: 111, type: 'private', first_name: 'A' },
        from: { id: 111, is_bot: false, first_name: 'A' },
      },
    };
    const answersBefore = telegram.messages(111).filter(isAnswer).length;
    for (let i = 0; i < 2; i++)
      await fetch(webhookConfig.webhookUrl!, { method: 'POST', headers: secret, body: JSON.stringify(update) });
    await telegram.waitFor(111, (m) => isAnswer(m) && telegram.messages(111).filter(isAnswer).length > answersBefore);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(telegram.messages(111).filter(isAnswer)).toHaveLength(answersBefore + 1);
  }

  it('runs as `npm start` with a token: polls, answers, and stops when `npm start` itself gets SIGTERM', async () => {
    await running.stop();
    try {
      await npmStartAnswersAndStops();
    } finally {
      await startBot();
    }
  });

  async function npmStartAnswersAndStops(): Promise<void> {
    const calls = telegram.calls.length;
    // The signal goes to npm's pid, as a process manager sends it; the bot must stop with it.
    const { child, stderr, exited } = npmStart({
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    // Polling starts by removing any webhook: then it is listening.
    for (let i = 0; i < 300 && !telegram.calls.slice(calls).some((call) => call.method === 'deleteWebhook'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await telegram.user({ userId: 115 }).say(QUESTION);
    await telegram.waitFor(115, isAnswer, 30_000);
    child.kill('SIGTERM');
    await exited;
    for (let i = 0; i < 100 && !stderr().includes('finishing the updates in hand'); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stderr()).toContain('finishing the updates in hand');
    // Nothing answers once npm has gone: the bot stopped with it.
    const after = telegram.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(telegram.calls.slice(after).filter((call) => call.method === 'getUpdates')).toHaveLength(0);
    expect(stderr()).not.toContain(telegram.token);
  }
});
