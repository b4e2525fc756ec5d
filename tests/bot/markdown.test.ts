import MarkdownIt from 'markdown-it';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { htmlToText } from '../../src/bot/render/html.js';
import { splitMessage } from '../../src/bot/render/split.js';
import { markdownToHtml } from '../../src/bot/render/markdown.js';

const TELEGRAM_TAGS = new Set(['b', 'i', 'u', 's', 'code', 'pre', 'a', 'blockquote', 'tg-spoiler']);

/** Only Telegram's tags, each closed in order, and no bare "<", ">" or "&" in the text. */
function validTelegramHtml(html: string): boolean {
  const stack: string[] = [];
  for (const [, slash, name] of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (!TELEGRAM_TAGS.has(name)) return false;
    if (!slash) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  const text = html.replace(/<\/?[a-z-]+(?: [a-z]+="[^"<>]*")?>/g, '');
  return stack.length === 0 && !/[<>]|&(?!(?:amp|lt|gt|quot);)/.test(text);
}

const cases: [string, string, string][] = [
  ['bold', '这是**重点**内容', '这是<b>重点</b>内容'],
  ['bold with underscores', '__重点__', '<b>重点</b>'],
  ['italics', '*斜体* and _italic_', '<i>斜体</i> and <i>italic</i>'],
  ['bold italics', '***both***', '<i><b>both</b></i>'],
  ['strikethrough', '~~删除~~', '<s>删除</s>'],
  ['a range with single tildes', '约10~20亿元，或30~40亿元', '约10~20亿元，或30~40亿元'],
  ['inline code', '用 `a<b && c` 判断', '用 <code>a&lt;b &amp;&amp; c</code> 判断'],
  ['fenced code', '```ts\nif (a < b) {}\n```', '<pre><code class="language-ts">if (a &lt; b) {}</code></pre>'],
  ['fenced code with an info string', '```js title="x"\n1\n```', '<pre><code class="language-js">1</code></pre>'],
  ['fenced code without a language', '```\nplain\n```', '<pre>plain</pre>'],
  ['indented code', 'text\n\n    code line\n    second', 'text\n\n<pre>code line\nsecond</pre>'],
  ['link', '[青岛日报](https://www.qingdaonews.com)', '<a href="https://www.qingdaonews.com">青岛日报</a>'],
  [
    'link with quotes in the href',
    '[x](http://a.cn/?q="1"&r=2)',
    '<a href="http://a.cn/?q=&quot;1&quot;&amp;r=2">x</a>',
  ],
  ['link with formatting', '[**粗**](https://a.cn)', '<a href="https://a.cn"><b>粗</b></a>'],
  ['javascript link', '[点我](javascript:alert(1))', '[点我](javascript:alert(1))'],
  ['relative link', '[文件](./a.txt)', '[文件](./a.txt)'],
  ['linked citation marker', '增长[1](https://a.cn)。', '增长<a href="https://a.cn">[1]</a>。'],
  ['marker before parentheses', '据报道[1](2024年)', '据报道[1](2024年)'],
  ['bare URL', '见 https://a.cn/x', '见 <a href="https://a.cn/x">https://a.cn/x</a>'],
  [
    'bare URL before Chinese text and markers',
    '见https://a.cn/x[1]，又见https://a.cn/y。[2]',
    '见<a href="https://a.cn/x">https://a.cn/x</a>[1]，又见<a href="https://a.cn/y">https://a.cn/y</a>。[2]',
  ],
  ['bare www address', '访问 www.qd.gov.cn。', '访问 <a href="http://www.qd.gov.cn">www.qd.gov.cn</a>。'],
  ['bare URL with a Chinese host', 'https://青岛.cn', 'https://青岛.cn'],
  ['bare email address', 'a@b.cn', 'a@b.cn'],
  ['heading', '# 标题\n正文', '<b>标题</b>\n\n正文'],
  ['heading with formatting', '### 小*标题*', '<b>小<i>标题</i></b>'],
  ['bullet list', '- 一\n- 二\n* 三', '• 一\n• 二\n\n• 三'],
  ['ordered list', '1. 一\n2. 二', '1. 一\n2. 二'],
  ['ordered list from 3', '3. 三\n4. 四', '3. 三\n4. 四'],
  ['nested lists', '- a\n  - b\n    1. c\n- d', '• a\n   • b\n      1. c\n• d'],
  ['loose list', '- a\n\n- b', '• a\n\n• b'],
  ['item of two paragraphs', '- a\n\n  第二段\n- b', '• a\n\n   第二段\n\n• b'],
  ['task list', '- [ ] 待办\n- [x] 完成', '• [ ] 待办\n• [x] 完成'],
  ['list after a paragraph', '共两点：\n1. 第一\n2. 第二', '共两点：\n\n1. 第一\n2. 第二'],
  ['number inside a sentence', '增长了\n12.5%，排名 1. 位', '增长了\n12.5%，排名 1. 位'],
  ['blockquote', '> 引用 **重点**\n> 第二行', '<blockquote>引用 <b>重点</b>\n第二行</blockquote>'],
  ['nested blockquote', '> 外\n> > 内', '<blockquote>外\n\n内</blockquote>'],
  ['paragraphs', '第一段\n\n\n\n第二段', '第一段\n\n第二段'],
  ['soft line break', '第一行\n第二行', '第一行\n第二行'],
  ['hard break with spaces', '第一行  \n第二行', '第一行\n第二行'],
  ['hard break with a backslash', '第一行\\\n第二行', '第一行\n第二行'],
  ['horizontal rule', '上\n\n---\n\n下', '上\n\n———\n\n下'],
  ['table', '| a | b |\n|---|---|\n| 1 | <2> |', '| a | b |\n|---|---|\n| 1 | &lt;2&gt; |'],
  ['block HTML', '<div class="x">hi</div>', '&lt;div class="x"&gt;hi&lt;/div&gt;'],
  ['script', '<script>alert("x")</script>', '&lt;script&gt;alert("x")&lt;/script&gt;'],
  ['inline HTML', '按<b>原文</b>为准', '按&lt;b&gt;原文&lt;/b&gt;为准'],
  ['image', '![图](https://a.cn/a.png)', '![图](https://a.cn/a.png)'],
  ['ampersands and entities as written', 'A & B &amp; &#38; &copy;', 'A &amp; B &amp;amp; &amp;#38; &amp;copy;'],
  ['backslash escapes', '\\*不是斜体\\*', '*不是斜体*'],
  ['unbalanced bold', '**未闭合的重点', '**未闭合的重点'],
  ['unbalanced marks', '**a *b `c', '**a *b `c'],
  [
    'underscores inside words',
    'snake_case_name 与 000_2f615ec6976ddc12.txt',
    'snake_case_name 与 000_2f615ec6976ddc12.txt',
  ],
  ['bold ending in full-width punctuation', '**注意：**内容', '<b>注意：</b>内容'],
  ['bold in Chinese quotes', '内容**“重点”**。', '内容<b>“重点”</b>。'],
  ['italics in Chinese quotes', '*“强调”*文字', '<i>“强调”</i>文字'],
  ['bold before a marker', '**50.1亿元**[1]', '<b>50.1亿元</b>[1]'],
  ['citation after a sentence', '卖了50.1亿元。[1]', '卖了50.1亿元。[1]'],
  [
    'Chinese text with markers',
    '2024年，青岛累计帮销农特产品**50.1亿元**[1][2]；同比增长（约12%）！[3]',
    '2024年，青岛累计帮销农特产品<b>50.1亿元</b>[1][2]；同比增长（约12%）！[3]',
  ],
  ['marker with a link definition', '正文[1]。\n\n[1]: 《青岛日报》', '正文[1]。\n\n[1]: 《青岛日报》'],
  ['surrounding whitespace', '\n\n  **a**  \n\n', '<b>a</b>'],
  ['empty', '', ''],
];

describe('markdownToHtml', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(cases)('%s', (_name, markdown, html) => {
    const out = markdownToHtml(markdown);
    expect(out).toBe(html);
    expect(validTelegramHtml(out)).toBe(true);
  });

  it('shows the text escaped when the parser fails', () => {
    vi.spyOn(MarkdownIt.prototype, 'parse').mockImplementation(() => {
      throw new Error('parser failure');
    });
    expect(markdownToHtml(' **a** <b>&\n')).toBe('**a** &lt;b&gt;&amp;');
  });

  it('writes valid Telegram HTML for any mix of marks', () => {
    const pieces = ['**', '*', '_', '~~', '~', '`', '```\n', '[1]', '[', '](', ')', '<b>', '&', '# ', '- ', '1. '];
    const more = ['> ', '\n', '\n\n', '    ', '文字', 'word', 'https://a.cn/x', ' ', '"', '|', '\\'];
    const alphabet = [...pieces, ...more];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 500; n++) {
      const markdown = Array.from({ length: 1 + (next() % 30) }, () => alphabet[next() % alphabet.length]).join('');
      const out = markdownToHtml(markdown);
      expect(validTelegramHtml(out), `${JSON.stringify(markdown)} -> ${JSON.stringify(out)}`).toBe(true);
    }
  });

  it('splits into parts that each stand alone', () => {
    const markdown = [
      '## 青岛消费帮扶',
      '2024年，青岛累计帮销中西部地区农特产品**50.1亿元**。[1] 其中*甘肃陇南*的产品占比最高[2]，详见[原文](https://www.qingdaonews.com/content/2025-02/27/content_1.htm)。',
      '- **第一**：建设`消费帮扶`重点城市[1]\n- 第二：~~旧提法~~新提法\n  1. 子项一\n  2. 子项二',
      '> 引用一段**较长的**原文，说明帮扶工作的成效与下一步安排。[3]',
      '```text\n000_2f615ec6976ddc12.txt\n```',
    ].join('\n\n');
    const html = markdownToHtml(markdown);
    const parts = splitMessage(html, 80);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(80);
      expect(validTelegramHtml(part), part).toBe(true);
    }
    const squeeze = (text: string) => text.replace(/\s+/g, '');
    expect(squeeze(parts.map(htmlToText).join(''))).toBe(squeeze(htmlToText(html)));
  });
});
