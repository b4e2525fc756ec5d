import type { IndexProgress, IndexStats, IndexSummary, PageInfo } from '../types.js';
import { escapeHtml } from './format.js';
import { publishedLabel, sourceLabel } from '../answer/source.js';

export type Lang = 'zh' | 'en';

/** English for people whose Telegram is set to English, Chinese for everyone else. */
export function langOf(languageCode: string | undefined): Lang {
  return languageCode?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** The language of the person an update comes from. */
export function langOfSender(ctx: { from?: { language_code?: string } }): Lang {
  return langOf(ctx.from?.language_code);
}

export interface CommandInfo {
  command: string;
  zh: string;
  en: string;
}

export const COMMANDS: CommandInfo[] = [
  { command: 'ask', zh: '提问（群聊中使用）：/ask 问题', en: 'Ask a question (in groups): /ask question' },
  { command: 'new', zh: '开始新对话', en: 'Start a new conversation' },
  { command: 'help', zh: '我知道什么、怎么问', en: 'What I know and how to ask' },
  { command: 'stats', zh: '索引状态', en: 'Index status' },
  { command: 'pages', zh: '已收录的版面', en: 'Indexed pages' },
  { command: 'reindex', zh: '重建索引（管理员）', en: 'Rebuild the index (admins)' },
  { command: 'remove', zh: '删除版面（管理员）：/remove 文件名', en: 'Remove a page (admins): /remove file' },
];

const EXAMPLE = {
  zh: '青岛去年帮中西部卖了多少农产品？',
  en: 'How much farm produce did Qingdao help sell last year?',
};

function commandList(lang: Lang): string {
  return COMMANDS.map((c) => `/${c.command} — ${escapeHtml(c[lang])}`).join('\n');
}

/** The pages' publication dates, newest first; the articles' own dates where none is known. */
function dateList(stats: IndexStats, lang: Lang): string {
  const published = stats.published
    .map((date) => publishedLabel(date, lang))
    .filter((label): label is string => !!label);
  const dates = published.length ? published : stats.dates;
  if (!dates.length) return lang === 'en' ? 'no dates' : '无日期';
  const shown = dates.slice(0, 8).join(lang === 'en' ? ', ' : '、');
  return dates.length > 8 ? `${shown}…` : shown;
}

function seconds(value: number): string {
  return value.toFixed(1);
}

/** Every sentence the bot says, in both languages; HTML where a text is sent with parse mode HTML. */
export const t = {
  help(lang: Lang, stats: IndexStats): string {
    const dates = escapeHtml(dateList(stats, lang));
    if (lang === 'en') {
      return [
        `I answer questions about the <b>Qingdao Daily</b> (青岛日报) from ${stats.pages} pages, ${stats.articles} articles (dates: ${dates}).`,
        '',
        `Just send me a question, e.g. <i>${EXAMPLE.en}</i>. I answer from the reports and cite them [1]; tap a source button to read the passage.`,
        'In groups: /ask question, mention me, or reply to my message. Follow-up questions keep the context; /new starts over.',
        '',
        commandList(lang),
        'Admins can also send a page (.txt, .md, .docx or .pdf) to add it.',
      ].join('\n');
    }
    return [
      `我根据<b>青岛日报</b> ${stats.pages} 个版面、${stats.articles} 篇报道回答问题（日期：${dates}）。`,
      '',
      `直接把问题发给我，例如：<i>${EXAMPLE.zh}</i> 我用报道原文回答并标注来源 [1]，点来源按钮可查看原文段落。`,
      '在群里：用 /ask 问题、@我，或回复我的消息。追问会接着上文；/new 开始新对话。',
      '',
      commandList(lang),
      '管理员还可以发送版面文件（.txt、.md、.docx 或 .pdf）来加入。',
    ].join('\n');
  },

  stats(lang: Lang, s: IndexStats): string {
    const when = s.indexedAt ?? (lang === 'en' ? 'never' : '尚未建立');
    const model = s.chatModel ?? (lang === 'en' ? 'none (offline answers)' : '未配置（离线回答）');
    const rows =
      lang === 'en'
        ? [
            ['Pages', s.pages],
            ['Articles', s.articles],
            ['Chunks', s.chunks],
            ['Embedder', `${s.embedder} (${s.dim} dims)`],
            ['Chat model', model],
            ['Last indexed', when],
          ]
        : [
            ['版面', s.pages],
            ['文章', s.articles],
            ['片段', s.chunks],
            ['嵌入模型', `${s.embedder}（${s.dim} 维）`],
            ['大模型', model],
            ['最近索引', when],
          ];
    const title = lang === 'en' ? '📊 <b>Index</b>' : '📊 <b>索引状态</b>';
    return [title, ...rows.map(([k, v]) => `${k}: ${escapeHtml(String(v))}`)].join('\n');
  },

  pages(lang: Lang, pages: PageInfo[]): string {
    if (!pages.length) return lang === 'en' ? 'No pages are indexed.' : '还没有收录任何版面。';
    // A page by where it was printed where that is known; its file name for /remove.
    const lines = pages.map((p) => {
      const name = sourceLabel(p.meta, lang);
      const dates = p.meta.published ? '' : p.dates.join(lang === 'en' ? ', ' : '、');
      const head = name
        ? `<b>${escapeHtml(name)}</b> · <code>${escapeHtml(p.file)}</code>`
        : `<code>${escapeHtml(p.file)}</code>`;
      return lang === 'en'
        ? `• ${head} — ${p.articles} articles, ${p.chunks} chunks${dates ? `, ${escapeHtml(dates)}` : ''}`
        : `• ${head} — ${p.articles} 篇，${p.chunks} 个片段${dates ? `，${escapeHtml(dates)}` : ''}`;
    });
    return [
      lang === 'en' ? `📰 <b>${pages.length} pages</b>` : `📰 <b>已收录 ${pages.length} 个版面</b>`,
      ...lines,
    ].join('\n');
  },

  unknownCommand: (lang: Lang, command: string) =>
    lang === 'en'
      ? `Unknown command ${escapeHtml(command)}. Commands:\n${commandList(lang)}`
      : `没有 ${escapeHtml(command)} 这个命令。可用命令：\n${commandList(lang)}`,
  emptyQuestion: (lang: Lang) =>
    lang === 'en' ? `Please write a question, e.g. /ask ${EXAMPLE.en}` : `请写下问题，例如：/ask ${EXAMPLE.zh}`,
  rateLimited: (lang: Lang) =>
    lang === 'en'
      ? 'You are asking very fast — please wait a minute and try again.'
      : '提问太频繁了，请稍等一分钟再试。',
  apology: (lang: Lang) =>
    lang === 'en'
      ? 'Sorry, something went wrong while answering. Please try again.'
      : '抱歉，处理时出错了，请再试一次。',
  notAllowed: (lang: Lang) => (lang === 'en' ? 'Sorry, this bot is private.' : '抱歉，这个机器人不对外开放。'),
  newConversation: (lang: Lang) =>
    lang === 'en' ? 'OK, a new conversation. Ask away.' : '好的，已开始新对话，请提问。',
  sources: (lang: Lang) => (lang === 'en' ? 'Sources' : '来源'),
  passageGone: (lang: Lang) => (lang === 'en' ? 'That passage is no longer in the index.' : '这段原文已不在索引中。'),
  thanks: (lang: Lang, up: boolean) =>
    lang === 'en' ? (up ? 'Thanks for the 👍' : 'Thanks — noted 👎') : up ? '谢谢点赞 👍' : '谢谢反馈，我们会改进 👎',

  adminOnly: (lang: Lang) =>
    lang === 'en' ? 'Only admins can do that; nothing was changed.' : '只有管理员可以这样做，没有做任何更改。',
  busy: (lang: Lang) =>
    lang === 'en' ? 'A reindex is already running; please wait for it to finish.' : '索引正在重建中，请等它完成。',
  reindexStarted: (lang: Lang) => (lang === 'en' ? '⏳ Rebuilding the index…' : '⏳ 正在重建索引…'),
  progress(lang: Lang, p: IndexProgress): string {
    const stage =
      {
        parse:
          lang === 'en' ? `reading pages ${p.pagesDone}/${p.pagesTotal}` : `解析版面 ${p.pagesDone}/${p.pagesTotal}`,
        embed:
          lang === 'en'
            ? `pages ${p.pagesDone}/${p.pagesTotal}, ${p.chunksEmbedded} passages embedded`
            : `版面 ${p.pagesDone}/${p.pagesTotal}，已计算 ${p.chunksEmbedded} 段向量`,
        store: lang === 'en' ? 'writing the index' : '写入索引',
        optimize: lang === 'en' ? 'updating the search indexes' : '更新检索索引',
        done: lang === 'en' ? 'finishing' : '即将完成',
      }[p.stage] ?? p.stage;
    return lang === 'en' ? `⏳ Rebuilding the index: ${stage}…` : `⏳ 正在重建索引：${stage}…`;
  },
  indexed(lang: Lang, s: IndexSummary, what?: string): string {
    const head = what
      ? lang === 'en'
        ? `✅ ${escapeHtml(what)}. Index`
        : `✅ ${escapeHtml(what)}。索引`
      : lang === 'en'
        ? '✅ Index rebuilt'
        : '✅ 索引已重建';
    const body =
      lang === 'en'
        ? `${head}: ${s.pages} pages, ${s.articles} articles, ${s.chunks} chunks in ${seconds(s.seconds)} s.`
        : `${head}：${s.pages} 个版面，${s.articles} 篇文章，${s.chunks} 个片段，用时 ${seconds(s.seconds)} 秒。`;
    const skipped = s.skipped.map((k) => `\n⚠️ <code>${escapeHtml(k.file)}</code>: ${escapeHtml(k.reason)}`).join('');
    return body + skipped;
  },
  failed: (lang: Lang, reason: string) =>
    lang === 'en' ? `❌ Failed: ${escapeHtml(reason)}` : `❌ 失败：${escapeHtml(reason)}`,
  added: (lang: Lang, file: string) => (lang === 'en' ? `Added ${file}` : `已加入 ${file}`),
  removed: (lang: Lang, file: string) => (lang === 'en' ? `Removed ${file}` : `已删除 ${file}`),
  adding: (lang: Lang, file: string) =>
    lang === 'en' ? `⏳ Adding <code>${escapeHtml(file)}</code>…` : `⏳ 正在加入 <code>${escapeHtml(file)}</code>…`,
  removing: (lang: Lang, file: string) =>
    lang === 'en' ? `⏳ Removing <code>${escapeHtml(file)}</code>…` : `⏳ 正在删除 <code>${escapeHtml(file)}</code>…`,
  removeUsage: (lang: Lang) =>
    lang === 'en' ? 'Usage: /remove <file name> (see /pages)' : '用法：/remove 文件名（见 /pages）',
  notText: (lang: Lang, name: string) =>
    lang === 'en'
      ? `${escapeHtml(name)} is not accepted: send a .txt, .md, .docx or .pdf file.`
      : `不能加入 ${escapeHtml(name)}：只接受 .txt、.md、.docx 或 .pdf 文件。`,
  tooLarge: (lang: Lang, size: number, limit: number) =>
    lang === 'en'
      ? `The file is too large (${size} bytes); the limit is ${limit} bytes.`
      : `文件太大（${size} 字节），上限为 ${limit} 字节。`,
};
