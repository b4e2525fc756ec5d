import { describe, expect, it } from 'vitest';
import { formatAnswer, formatDraft, formatPassage, formatStopped } from '../../src/bot/render/format.js';
import { claimsCiting } from '../../src/bot/render/cited.js';
import { escapeHtml, htmlToText } from '../../src/bot/render/html.js';
import { splitMessage } from '../../src/bot/render/split.js';
import { cutUtf16 } from '../../src/bot/render/text.js';
import type { Translate } from '../../src/bot/render/translate.js';
import { createI18n, localeOf, localeOfAnswer, translator, type Locale } from '../../src/bot/i18n.js';
import { parseStartPayload, passagePayload, questionPayload } from '../../src/bot/features/deep-links/start-payload.js';
import { masker } from '../../src/observe/secrets.js';
import type { Answer, Citation } from '../../src/domain/types.js';

const citation = (n: number, overrides: Partial<Citation> = {}): Citation => ({
  n,
  id: `000_2f615ec6976ddc12:3:${n}`,
  file: '000_2f615ec6976ddc12.txt',
  headline: '青岛加快建设消费帮扶重点城市',
  date: '2月27日',
  text: '2024年累计帮销中西部地区农特产品50.1亿元。',
  start: 0,
  end: 10,
  source: null,
  ...overrides,
});

const answer = (overrides: Partial<Answer> = {}): Answer => ({
  question: 'q',
  language: 'zh',
  script: 'simplified',
  text: '青岛帮销农产品50.1亿元[1]。',
  mode: 'llm',
  refused: false,
  citations: [citation(1)],
  retrieved: [],
  offlineReason: null,
  ...overrides,
});

const i18n = createI18n();
const inLocale = (locale: Locale) => translator(i18n, locale);
const texts = inLocale('zh-Hans');
/** The locale's own messages, with the words a test gives in place of some. */
const withWords =
  (words: Record<string, string>): Translate =>
  (key, variables) =>
    words[key] ?? texts(key, variables);

/** Every tag opened in a part is closed in it, in order. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const [, slash, name] of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (!slash) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('escaping', () => {
  it('escapes the characters HTML parse mode needs, and the sandbox reads them back', () => {
    const raw = '<b>A & B</b> "x" > y';
    expect(escapeHtml(raw)).toBe('&lt;b&gt;A &amp; B&lt;/b&gt; "x" &gt; y');
    expect(htmlToText(escapeHtml(raw))).toBe(raw);
  });

  it('escapes answer text, headlines and passages', () => {
    const html = formatAnswer(
      answer({ text: 'a <script> & b [1]', citations: [citation(1, { headline: 'H<1>' })] }),
      texts,
    );
    expect(html).toContain('a &lt;script&gt; &amp; b [1]');
    expect(html).toContain('<b>H&lt;1&gt;</b>');
    const linked = { ...citation(1), articleIndex: 3, chunkIndex: 1 };
    const source = { paper: null, published: null, page: null, url: 'https://e.example/a"><b>x', inferred: false };
    expect(formatPassage({ ...linked, source } as never, withWords({ 'passage-open': '查看' }))).toContain(
      '<a href="https://e.example/a&quot;&gt;&lt;b&gt;x">查看</a>',
    );
    const words = withWords({ 'passage-open': '查看' });
    expect(formatPassage({ ...citation(1, { text: 'x < y' }), articleIndex: 3, chunkIndex: 1 }, words)).toContain(
      'x &lt; y',
    );
  });
});

describe('formatAnswer', () => {
  it('lists the cited sources with headline, date and page file', () => {
    const html = formatAnswer(answer(), texts);
    expect(html).toBe(
      '青岛帮销农产品50.1亿元[1]。\n\n<b>来源</b>\n[1] <b>青岛加快建设消费帮扶重点城市</b> · 2月27日 · <code>000_2f615ec6976ddc12.txt</code>',
    );
  });

  it('shows the words that answer in an offline quote in bold, the rest as printed', () => {
    const offline = answer({
      mode: 'offline',
      text: '2024年,青岛累计帮销农产品50.1亿元<含>。[1]',
      marked: ['50.1亿元<含>', '不在其中'],
    });
    expect(formatAnswer(offline, texts)).toMatch(/^2024年,青岛累计帮销农产品<b>50\.1亿元&lt;含&gt;<\/b>。\[1\]\n/);
  });

  it('shows a refusal without sources', () => {
    const html = formatAnswer(answer({ refused: true, text: '报道中没有找到这个问题的答案。', citations: [] }), texts);
    expect(html).toBe('报道中没有找到这个问题的答案。');
  });

  it('lists the nearest reports under a refusal of something no report names', () => {
    const refused = answer({ refused: true, text: '报道里没有巴黎的信息。相近的报道：', citations: [] });
    expect(formatAnswer({ ...refused, nearest: [citation(1)] }, texts)).toBe(
      '报道里没有巴黎的信息。相近的报道：\n[1] <b>青岛加快建设消费帮扶重点城市</b> · 2月27日 · <code>000_2f615ec6976ddc12.txt</code>',
    );
  });

  it("says where a cited page was printed, in the question's language and script, and its file only where no date is known", () => {
    const source = { paper: '青岛日报', published: '2025-02-27', inferred: true, page: '第1版', url: null };
    const dated = citation(1, { source });
    expect(formatAnswer(answer({ citations: [dated] }), inLocale('zh-Hans'))).toContain(
      '[1] <b>青岛加快建设消费帮扶重点城市</b> · 青岛日报 2025年2月27日 第1版',
    );
    expect(formatAnswer(answer({ citations: [dated], language: 'en' }), inLocale('en'))).toContain(
      '· Qingdao Daily, 27 February 2025, page 1',
    );
    expect(formatAnswer(answer({ citations: [dated], script: 'traditional' }), inLocale('zh-Hant'))).toContain(
      '· 青島日報 2025年2月27日',
    );
    const undated = citation(1, { source: { ...source, published: null, page: null } });
    expect(formatAnswer(answer({ citations: [undated] }), inLocale('zh-Hans'))).toContain(
      '· 青岛日报 · 2月27日 · <code>000_2f615ec6976ddc12.txt</code>',
    );
  });
});

describe('passage view', () => {
  const passage = {
    ...citation(1, {
      text: '青岛加快建设消费帮扶重点城市。2024年累计帮销中西部地区农特产品50.1亿元，同比增长12%。下一步将拓展销售渠道。',
      source: {
        paper: '青岛日报',
        published: '2025-02-27',
        page: '第1版',
        url: 'https://e.example/a01',
        inferred: true,
      },
    }),
    articleIndex: 0,
    chunkIndex: 0,
  };

  it('shows where the passage was printed and its link, and no file name or note on how the date was found', () => {
    const html = formatPassage(passage, texts);
    expect(html).toBe(
      '📄 <b>青岛加快建设消费帮扶重点城市</b>\n<i>青岛日报 2025年2月27日 第1版</i>\n<a href="https://e.example/a01">查看原版面</a>\n\n' +
        '青岛加快建设消费帮扶重点城市。2024年累计帮销中西部地区农特产品50.1亿元，同比增长12%。下一步将拓展销售渠道。',
    );
  });

  it('marks the sentence an answer quotes, or the one most like what it says', () => {
    const quoted = claimsCiting('2024年累计帮销中西部地区农特产品50.1亿元，同比增长12%[1]。另见[2]。', 1);
    expect(quoted).toEqual(['2024年累计帮销中西部地区农特产品50.1亿元，同比增长12%。']);
    expect(claimsCiting('离线模式：原文如下。\n帮销50.1亿元。[1]\n\n另一句。', 1)).toEqual(['帮销50.1亿元。']);
    expect(formatPassage(passage, texts, quoted)).toContain(
      '重点城市。<b>2024年累计帮销中西部地区农特产品50.1亿元，同比增长12%。</b>下一步',
    );
    const paraphrased = claimsCiting('**青岛**去年帮中西部卖出农特产品50.1亿元[1][2]。', 1);
    expect(formatPassage(passage, texts, paraphrased)).toContain(
      '<b>2024年累计帮销中西部地区农特产品50.1亿元，同比增长12%。</b>',
    );
    expect(formatPassage(passage, texts, ['与此无关的一句话。'])).not.toContain('</b>下一步');
    // An offline answer may quote only the clause that states the figure.
    const clause = claimsCiting('2024年累计帮销中西部地区农特产品50.1亿元。[1]', 1);
    expect(formatPassage(passage, texts, clause)).toContain(
      '<b>2024年累计帮销中西部地区农特产品50.1亿元，同比增长12%。</b>',
    );
  });
});

describe('splitMessage', () => {
  it('keeps a short message whole', () => {
    expect(splitMessage('短消息。')).toEqual(['短消息。']);
  });

  it('splits a long answer into parts of at most 4096 characters, on sentence boundaries', () => {
    const sentence = '青岛去年帮销中西部地区农特产品50.1亿元[1]。';
    const html = formatAnswer(answer({ text: sentence.repeat(400) }), texts);
    expect(html.length).toBeGreaterThan(4096 * 2);
    const parts = splitMessage(html);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(balanced(part)).toBe(true);
    }
    for (const part of parts.slice(0, -1)) expect(part.endsWith('[1]。')).toBe(true);
    expect(parts.join('').replace(/\s/g, '')).toBe(html.replace(/\s/g, ''));
  });

  it('never cuts inside a tag, an entity or a citation marker', () => {
    const html = `${'字'.repeat(95)}<b>粗体</b>&amp;[12]${'字'.repeat(95)}`;
    for (let limit = 96; limit < 120; limit++) {
      const parts = splitMessage(html, limit);
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(limit);
        expect(part).not.toMatch(/<[^>]*$|^[^<]*>|&[a-z]*$|\[\d*$|^\d*\]/);
        expect(balanced(part)).toBe(true);
      }
      expect(parts.join('')).toContain('[12]');
    }
  });

  it('closes and reopens an element that a cut falls into', () => {
    const html = `<b>${'一句话。'.repeat(30)}</b>`;
    const parts = splitMessage(html, 50);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.startsWith('<b>') && part.endsWith('</b>')).toBe(true);
      expect(part.length).toBeLessThanOrEqual(50);
    }
    expect(parts.map(htmlToText).join('')).toBe('一句话。'.repeat(30));
  });

  it('does not take the point of a decimal number for the end of a sentence', () => {
    const parts = splitMessage(`${'a'.repeat(10)} 50.1 billion. ${'b'.repeat(10)}`, 30);
    expect(parts[0]).toBe(`${'a'.repeat(10)} 50.1 billion.`);
  });

  it('does not split a surrogate pair', () => {
    const parts = splitMessage('😀'.repeat(10), 5);
    expect(parts.join('')).toBe('😀'.repeat(10));
    for (const part of parts) expect(part).toMatch(/^(😀)+$/);
  });
});

describe('locale', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['zh-hans', 'zh-Hans'],
    ['zh-hant', 'zh-Hant'],
    ['zh-TW', 'zh-Hant'],
    ['zh-hk', 'zh-Hant'],
    ['zh', 'zh-Hans'],
    ['de', 'zh-Hans'],
    [undefined, 'zh-Hans'],
  ])('reads a %s client as %s', (code, locale) => {
    expect(localeOf(code)).toBe(locale);
  });

  it('follows the question, not the client, for an answer', () => {
    expect(localeOfAnswer('en', 'traditional')).toBe('en');
    expect(localeOfAnswer('zh', 'traditional')).toBe('zh-Hant');
    expect(localeOfAnswer('zh', 'simplified')).toBe('zh-Hans');
  });
});

describe('UTF-16 lengths, as Telegram counts', () => {
  it.each([
    ['short text as it is', 'abc', 5, 'abc'],
    ['a cut with an ellipsis', 'abcdef', 4, 'abc…'],
    ['no half of an emoji', 'ab😀cd', 4, 'ab…'],
    ['an emoji that fits whole', 'a😀cd', 4, 'a😀…'],
  ])('%s', (_name, text, max, expected) => {
    const cut = cutUtf16(text, max);
    expect(cut).toBe(expected);
    expect(cut.length).toBeLessThanOrEqual(max);
  });

  it('keeps a draft of emoji within a message, whole', () => {
    const draft = htmlToText(formatDraft('😀'.repeat(3000)));
    expect(draft.length).toBeLessThanOrEqual(4096);
    expect(draft).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('marks a stopped answer, with or without text written', () => {
    expect(formatStopped('写了一半 <b>', [], texts, '⏹ 已停止')).toBe('写了一半 &lt;b&gt;\n\n⏹ 已停止');
    expect(formatStopped('  ', [], texts, '⏹ 已停止')).toBe('⏹ 已停止');
  });

  it('finishes a stopped answer as an answer: its Markdown formatted, the sources it cited listed', () => {
    const html = formatStopped('**简答：** 帮销50.1亿元[1]\n- 第一', [citation(1)], texts, '⏹ 已停止');
    expect(html).toMatch(
      /^<b>简答：<\/b> 帮销50.1亿元\[1\]\n\n• 第一\n\n<b>来源<\/b>\n\[1\] <b>青岛加快建设消费帮扶重点城市<\/b>/,
    );
    expect(html.endsWith('⏹ 已停止')).toBe(true);
    expect(balanced(html)).toBe(true);
  });
});

describe('drafts', () => {
  it.each([
    ['an open bold', '**简答：帮销', '<b>简答：帮销</b> ▍'],
    ['bold closed, then open italics', '**简答：** 帮销*五十', '<b>简答：</b> 帮销<i>五十</i> ▍'],
    ['a list item with no text yet', '要点：\n- 第一\n- ', '要点：\n\n• 第一 ▍'],
    ['a bare numbered item', '要点：\n\n1.', '要点： ▍'],
    ['an open code span', '用 `npm st', '用 <code>npm st</code> ▍'],
    ['an open fence', '```\nnpm start', '<pre>npm start</pre> ▍'],
    ['snake_case is no emphasis', 'the file_name', 'the file_name ▍'],
    ['nested marks closed in order', '**a ~~b', '<b>a <s>b</s></b> ▍'],
    ['half of a closing mark', '**简答：*', '<b>简答：</b> ▍'],
    ['a closing mark at the end', '**简答：**', '<b>简答：</b> ▍'],
  ])('%s', (_name, markdown, expected) => {
    const draft = formatDraft(markdown);
    expect(draft).toBe(expected);
    expect(balanced(draft)).toBe(true);
  });
});

describe('deep links', () => {
  it('carries a short question through a /start payload of at most 64 characters', () => {
    const payload = questionPayload('青岛去年帮中西部卖了多少农产品')!;
    expect(payload.length).toBeLessThanOrEqual(64);
    expect(payload).toMatch(/^[\w-]+$/);
    expect(parseStartPayload(payload)).toEqual({ kind: 'question', question: '青岛去年帮中西部卖了多少农产品' });
    expect(questionPayload('青岛去年帮中西部卖了多少农产品？还有哪些城市')).toBeNull();
  });

  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    [passagePayload('000_2f615ec6976ddc12-3-1')!, { kind: 'passage', id: '000_2f615ec6976ddc12-3-1' }],
    ['q_', 'unknown'],
    // A question cut short in the middle of a character.
    [questionPayload('青岛')!.slice(0, -1), 'unknown'],
    ['x'.repeat(65), 'unknown'],
    ['no spaces allowed', 'unknown'],
    ['bogus', 'unknown'],
  ])('reads %j', (payload, expected) => {
    expect(parseStartPayload(payload)).toEqual(expected);
  });
});

describe('masking', () => {
  it('hides configured secrets and anything shaped like a bot token', () => {
    const mask = masker(['sk-secret-key-123', null]);
    expect(
      mask('key sk-secret-key-123 and https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe'),
    ).toBe('key *** and https://api.telegram.org/bot***/getMe');
  });
});
