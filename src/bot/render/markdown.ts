import MarkdownIt, { type Token } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { escapeAttribute, escapeHtml } from './html.js';

// An address with no host is no link Telegram can open.
const WEB = /^https?:\/\/[a-z0-9]/i;

// CommonMark does not see "**注意：**内容" as bold: the full-width punctuation inside the marks
// and the Han character outside them make neither mark flanking. The plugin reads such marks as
// a Chinese writer means them, and changes nothing for text without CJK characters.
const md = new MarkdownIt({ linkify: true }).use(cjkFriendly);
// A link definition ("[1]: 青岛日报") would vanish from the text and turn the citation markers
// that match it into links; tables have no Telegram form; entities are shown as written, as a
// model that writes "&amp;" means those five characters. All three are then read as plain text.
md.disable(['reference', 'table', 'entity']);
// Any other address is not parsed as a link, so "[文件](./a.txt)" stays as written.
md.validateLink = (url) => WEB.test(url);
// Hrefs and bare URLs keep the characters written: percent-encoding or punycode would turn
// "https://青岛.cn" into an address that passes the check above.
md.normalizeLink = (url) => url;
md.normalizeLinkText = (url) => url;
// "www.qd.gov.cn" is a link as it was with GFM; an email address is no web link.
md.linkify.set({ fuzzyLink: true, fuzzyEmail: false });

/**
 * The Markdown a chat model writes, as Telegram HTML: bold, italics, strikethrough, code, links,
 * headings, lists and quotes shown as such, anything else as the text that was written.
 * Citation markers ("[1]") come out as written. Never throws: input markdown-it cannot read is
 * shown as plain text.
 */
export function markdownToHtml(markdown: string): string {
  try {
    return blocks(tree(md.parse(markdown, {})), false).trim();
  } catch {
    return escapeHtml(markdown.trim());
  }
}

// markdown-it's own renderer writes <p>, <ul>, <h1>, <br>…, which Telegram rejects: it accepts
// only b, i, u, s, code, pre, a href, blockquote and tg-spoiler, so the tokens are rendered here.

/** A token with the tokens between it and its closing token, which markdown-it lists flat. */
interface Node {
  token: Token;
  children: Node[];
}

function tree(tokens: Token[]): Node[] {
  const root: Node[] = [];
  const open = [root];
  for (const token of tokens) {
    if (token.nesting === -1) {
      open.pop();
      continue;
    }
    const node = { token, children: [] };
    open.at(-1)!.push(node);
    if (token.nesting === 1) open.push(node.children);
  }
  return root;
}

function blocks(nodes: Node[], inQuote: boolean, separator = '\n\n'): string {
  return nodes
    .map((node) => block(node, inQuote))
    .filter(Boolean)
    .join(separator);
}

function block({ token, children }: Node, inQuote: boolean): string {
  switch (token.type) {
    case 'inline':
      return inline(token.children ?? []);
    case 'paragraph_open':
      return blocks(children, inQuote);
    case 'heading_open':
      return `<b>${blocks(children, inQuote)}</b>`;
    case 'fence':
    case 'code_block':
      return codeBlock(token);
    case 'blockquote_open': {
      const inner = blocks(children, true);
      // Telegram refuses a blockquote inside another.
      return inQuote ? inner : `<blockquote>${inner}</blockquote>`;
    }
    case 'bullet_list_open':
    case 'ordered_list_open':
      return list(token, children, inQuote);
    case 'hr':
      return '———';
    default:
      return escapeHtml(token.content);
  }
}

function codeBlock(token: Token): string {
  const language = token.info.trim().split(/\s+/)[0];
  const code = escapeHtml(token.content.replace(/\n$/, ''));
  return language
    ? `<pre><code class="language-${escapeAttribute(language)}">${code}</code></pre>`
    : `<pre>${code}</pre>`;
}

function list(token: Token, items: Node[], inQuote: boolean): string {
  const first = Number(token.attrGet('start') ?? 1);
  // markdown-it hides the paragraphs of a tight list, and only of a tight one.
  const loose = items.some((item) =>
    item.children.some((child) => child.token.type === 'paragraph_open' && !child.token.hidden),
  );
  return items
    .map((item, index) => {
      const bullet = token.type === 'ordered_list_open' ? `${first + index}.` : '•';
      const body = blocks(item.children, inQuote, loose ? '\n\n' : '\n');
      // Only escaped text and whole tags lie between line breaks, so indenting the lines after
      // the first nests a sublist under its item without touching the markup; a blank line
      // between paragraphs stays blank.
      return `${bullet} ${body.replace(/\n(?=.)/g, '\n   ')}`;
    })
    .join(loose ? '\n\n' : '\n');
}

function inline(tokens: Token[]): string {
  return tree(tokens).map(inlineNode).join('');
}

function inlineNode({ token, children }: Node): string {
  switch (token.type) {
    case 'strong_open':
      return `<b>${children.map(inlineNode).join('')}</b>`;
    case 'em_open':
      return `<i>${children.map(inlineNode).join('')}</i>`;
    case 's_open':
      return `<s>${children.map(inlineNode).join('')}</s>`;
    case 'code_inline':
      return `<code>${escapeHtml(token.content)}</code>`;
    case 'softbreak':
    case 'hardbreak':
      return '\n';
    case 'link_open':
      return link(token, children);
    case 'image':
      return image(token);
    default:
      return escapeHtml(token.content);
  }
}

function link(token: Token, children: Node[]): string {
  const href = String(token.attrGet('href'));
  if (token.markup === 'linkify') return bareUrl(href, children[0]?.token.content ?? '');
  // A linked citation marker keeps its brackets, so it still reads as a marker.
  const text = children.map((child) => child.token.content).join('');
  const label = /^\d+$/.test(text) ? escapeHtml(`[${text}]`) : children.map(inlineNode).join('');
  return `<a href="${escapeAttribute(href)}">${label}</a>`;
}

/**
 * linkify takes the Chinese text and the citation marker after a bare URL into it, as in
 * "https://x.cn/a见[1]": the address ends before either, and before the ASCII punctuation that
 * ends a sentence. The rest is read again, as it may hold another address.
 */
function bareUrl(href: string, text: string): string {
  const url = /^[\x21-\x7e]*?(?=\[\d+\]|[^\x21-\x7e]|$)/.exec(text)![0].replace(/[.,:;!?]+$/, '');
  const scheme = href.slice(0, href.length - text.length);
  if (!WEB.test(scheme + url)) return escapeHtml(text);
  const rest = inline(md.parseInline(text.slice(url.length), {})[0]?.children ?? []);
  return `<a href="${escapeAttribute(scheme + url)}">${escapeHtml(url)}</a>${rest}`;
}

/** Telegram shows no inline images: the Markdown is shown instead, rebuilt from the token. */
function image(token: Token): string {
  const title = token.attrGet('title');
  return escapeHtml(`![${token.content}](${token.attrGet('src')}${title ? ` "${title}"` : ''})`);
}
