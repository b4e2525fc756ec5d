import { Lexer, marked, type Token, type Tokens } from 'marked';
import { escapeHtml } from './format.js';

/**
 * The Markdown a chat model writes, as Telegram HTML: bold, italics, strikethrough, code, links,
 * headings, lists and quotes shown as such, anything else as the text that was written.
 * Citation markers ("[1]") come out as written. Never throws: input marked cannot read is shown
 * as plain text.
 */
export function markdownToHtml(markdown: string): string {
  try {
    return blocks(marked.lexer(markdown), false).trim();
  } catch {
    return escapeHtml(markdown.trim());
  }
}

// marked's own renderer writes <p>, <ul>, <h1>, <br>…, which Telegram rejects: it accepts only
// b, i, u, s, code, pre, a href, blockquote and tg-spoiler, so the tokens are rendered here.

function blocks(tokens: Token[], inQuote: boolean, separator = '\n\n'): string {
  return tokens
    .map((token) => block(token, inQuote))
    .filter(Boolean)
    .join(separator);
}

function block(token: Token, inQuote: boolean): string {
  switch (token.type) {
    case 'space':
      return '';
    case 'paragraph':
    case 'text':
      return token.tokens ? inline(token.tokens) : asWritten(token);
    case 'heading':
      return `<b>${inline(token.tokens!)}</b>`;
    case 'code':
      return codeBlock(token as Tokens.Code);
    case 'blockquote': {
      const inner = blocks(token.tokens!, true);
      // Telegram refuses a blockquote inside another.
      return inQuote ? inner : `<blockquote>${inner}</blockquote>`;
    }
    case 'list':
      return list(token as Tokens.List, inQuote);
    case 'hr':
      return '———';
    default:
      // Tables, raw HTML, link definitions ("[1]: 青岛日报", which marked would otherwise drop).
      return asWritten(token);
  }
}

function codeBlock(token: Tokens.Code): string {
  const language = token.lang?.trim().split(/\s+/)[0];
  const code = escapeHtml(token.text);
  return language
    ? `<pre><code class="language-${escapeAttribute(language)}">${code}</code></pre>`
    : `<pre>${code}</pre>`;
}

function list(token: Tokens.List, inQuote: boolean): string {
  const first = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, index) => {
      const bullet = token.ordered ? `${first + index}.` : '•';
      const checkbox = item.tokens.find((t) => t.type === 'checkbox');
      const marker = checkbox ? `${bullet} ${checkbox.raw.trim()}` : bullet;
      const body = blocks(
        item.tokens.filter((t) => t !== checkbox),
        inQuote,
        item.loose ? '\n\n' : '\n',
      );
      // Only escaped text and whole tags lie between line breaks, so indenting after each one
      // nests a sublist under its item without touching the markup.
      return `${marker} ${body.replace(/\n/g, '\n   ')}`;
    })
    .join(token.loose ? '\n\n' : '\n');
}

function inline(tokens: Token[]): string {
  return tokens.map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'text':
      return token.tokens ? inline(token.tokens) : asWritten(token);
    case 'escape':
      return escapeHtml(token.text);
    case 'strong':
      return `<b>${inline(token.tokens!)}</b>`;
    case 'em':
      return `<i>${inline(token.tokens!)}</i>`;
    case 'del':
      // GFM also strikes through between single tildes, which would cross out "10~20亿元".
      return token.raw.startsWith('~~') ? `<s>${inline(token.tokens!)}</s>` : `~${inline(token.tokens!)}~`;
    case 'codespan':
      return `<code>${escapeHtml(token.text)}</code>`;
    case 'br':
      return '\n';
    case 'link':
      return link(token as Tokens.Link);
    default:
      return asWritten(token);
  }
}

// An address with no host is no link Telegram can open.
const WEB = /^https?:\/\/[a-z0-9]/i;

function link(token: Tokens.Link): string {
  if (token.autolink && !token.raw.startsWith('<')) return bareUrl(token);
  // A reference link ("[1]" once the model writes "[1]: 青岛日报" below) or an unsafe href is
  // shown as written, so a citation marker is never reduced to its number.
  if (!WEB.test(token.href) || !token.raw.endsWith(')')) return asWritten(token);
  const label = /^\d+$/.test(token.text) ? escapeHtml(`[${token.text}]`) : inline(token.tokens);
  return `<a href="${escapeAttribute(token.href)}">${label}</a>`;
}

/**
 * GFM reads a bare URL up to the next space, so "https://x.cn/a，见[1]" would take the Chinese
 * text and the marker into the address: the address ends before either, and before the ASCII
 * punctuation that ends a sentence. The rest is read again, as it may hold another address.
 */
function bareUrl(token: Tokens.Link): string {
  const url = /^[\x21-\x7e]*?(?=\[\d+\]|[^\x21-\x7e]|$)/.exec(token.text)![0].replace(/[.,:;!?]+$/, '');
  const scheme = token.href.slice(0, token.href.length - token.text.length);
  if (!WEB.test(scheme + url)) return asWritten(token);
  const rest = token.text.slice(url.length);
  return `<a href="${escapeAttribute(scheme + url)}">${escapeHtml(url)}</a>${inline(Lexer.lexInline(rest))}`;
}

/** The token's source, shown as plain text: marked's `text` has already decoded some entities. */
function asWritten(token: Token): string {
  return escapeHtml(token.raw.replace(/\n+$/, ''));
}

function escapeAttribute(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}
