import type { Answer, Chunk, Citation, Language } from '../../domain/types.js';
import { sourceLabel } from '../../domain/source.js';
import { inScript, type Script } from '../../text/script.js';
import { markdownToHtml } from './markdown.js';

/** Telegram refuses longer messages (counted after entity parsing, so raw HTML length is safe). */
const MESSAGE_LIMIT = 4096;

/** The three characters Telegram's HTML parse mode requires escaped in text. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value (a link's href) also ends at a quote. */
export function escapeAttribute(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}

/** The text a reader sees in an HTML message, for the terminal sandbox. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * "[1] 青岛加快建设消费帮扶重点城市 · 青岛日报 2025年2月27日 第1版": the file name only where
 * the page gives no publication date.
 */
function sourceLine(citation: Citation, language: Language, script: Script): string {
  const where = sourceLabel(citation.source, language);
  const parts = [where && escapeHtml(inScript(where, script))];
  if (!citation.source?.published) {
    parts.push(citation.date && escapeHtml(citation.date), `<code>${escapeHtml(citation.file)}</code>`);
  }
  return `[${citation.n}] <b>${escapeHtml(citation.headline)}</b> · ${parts.filter(Boolean).join(' · ')}`;
}

/**
 * Answer text with its markers, then the list of the passages it cites under `sourcesLabel`.
 * An offline answer already says that it is offline: the core writes that note.
 */
export function formatAnswer(answer: Answer, sourcesLabel: string): string {
  // A model writes Markdown; offline answers are the reports' own sentences, shown as printed.
  const body = answer.mode === 'llm' ? markdownToHtml(answer.text) : escapeHtml(answer.text.trim());
  if (answer.refused || !answer.citations.length) return body;
  const list = answer.citations.map((c) => sourceLine(c, answer.language, answer.script));
  return `${body}\n\n<b>${escapeHtml(sourcesLabel)}</b>\n${list.join('\n')}`;
}

/** A cited passage in full, as shown when its source button is tapped; `words` in the reader's locale. */
export function formatPassage(
  chunk: Chunk,
  lang: Language,
  script: Script,
  words: { inferred: string; open: string },
): string {
  const source = chunk.source;
  const label = sourceLabel(source, lang);
  const where = label && inScript(label, script);
  const inferred = source?.inferred ? words.inferred : '';
  const meta = [where ? `${where}${inferred}` : chunk.date, chunk.file]
    .filter(Boolean)
    .map((part) => escapeHtml(part as string))
    .join(' · ');
  const link = source?.url ? `\n<a href="${escapeAttribute(source.url)}">${escapeHtml(words.open)}</a>` : '';
  return `📄 <b>${escapeHtml(chunk.headline)}</b>\n<i>${meta}</i>${link}\n\n${escapeHtml(chunk.text.trim())}`;
}

/**
 * At most `max` UTF-16 code units of `text` — Telegram's measure of a message — never cutting a
 * character in half.
 */
export function cutUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  // One unit for the ellipsis; a high surrogate at the cut goes with its pair.
  const cut = /[\uD800-\uDBFF]/.test(text[max - 2]) ? max - 2 : max - 1;
  return `${text.slice(0, cut)}…`;
}

/** A draft's room in a message, leaving space for the marks around it. */
const DRAFT_LIMIT = 3_500;

/** What a streaming answer shows before it is complete: plain text, cut to fit one message. */
export function formatDraft(text: string): string {
  return `${escapeHtml(cutUtf16(text.trim(), DRAFT_LIMIT))} ▍`;
}

/** What was written of an answer when the reader stopped it, marked as stopped. */
export function formatStopped(text: string, stoppedMark: string): string {
  const written = cutUtf16(text.trim(), DRAFT_LIMIT);
  return written ? `${escapeHtml(written)}\n\n${stoppedMark}` : stoppedMark;
}

interface Token {
  text: string;
  kind: 'open' | 'close' | 'text';
  /** Element name of a tag. */
  name?: string;
  /** A message may end after this token with a whole sentence. */
  sentenceEnd?: boolean;
  space?: boolean;
}

const TOKEN = /<\/?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&[#a-zA-Z0-9]+;|\[\d+\]|[\s\S]/gu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const text = match[0];
    if (match[1]) {
      const name = match[1].toLowerCase();
      tokens.push({ text, kind: text.startsWith('</') ? 'close' : 'open', name });
    } else {
      tokens.push({ text, kind: 'text', sentenceEnd: /^[。！？；\n]$/.test(text), space: /^\s$/.test(text) });
    }
  }
  // ASCII punctuation ends a sentence only before a space or a marker: "50.1亿元" is one number.
  for (let i = 0; i < tokens.length; i++) {
    if (
      /^[.!?;]$/.test(tokens[i].text) &&
      (i + 1 === tokens.length || tokens[i + 1].space || /^\[\d+\]$/.test(tokens[i + 1].text))
    )
      tokens[i].sentenceEnd = true;
  }
  // A citation marker belongs to the sentence before it: "…50.1亿元。[1]" ends after the marker.
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].sentenceEnd && /^\[\d+\]$/.test(tokens[i + 1].text)) {
      tokens[i].sentenceEnd = false;
      tokens[i + 1].sentenceEnd = true;
    }
  }
  return tokens;
}

/**
 * Cuts an HTML message into parts of at most `limit` characters. Parts end at a sentence
 * boundary where one fits (else at a space, else anywhere between characters), never inside a
 * tag, an entity, a citation marker or a surrogate pair; elements open at a cut are closed at the
 * end of one part and reopened at the start of the next, so every part parses on its own.
 */
export function splitMessage(html: string, limit = MESSAGE_LIMIT): string[] {
  const tokens = tokenize(html);
  const parts: string[] = [];
  let open: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const prefix = open.map((tag) => tag.text).join('');
    const stack = [...open];
    let length = prefix.length;
    let sentenceCut = -1;
    let spaceCut = -1;
    let anyCut = -1;
    const cuts = new Map<number, Token[]>();
    let j = i;
    for (; j < tokens.length; j++) {
      const token = tokens[j];
      const closing = stack.map((tag) => `</${tag.name}>`).join('').length;
      if (length + token.text.length + (token.kind === 'open' ? closing + token.name!.length + 3 : closing) > limit)
        break;
      length += token.text.length;
      if (token.kind === 'open') stack.push(token);
      else if (token.kind === 'close') {
        const at = stack.map((tag) => tag.name).lastIndexOf(token.name);
        if (at >= 0) stack.splice(at, 1);
      }
      cuts.set(j + 1, [...stack]);
      if (token.kind !== 'open') anyCut = j + 1;
      if (token.sentenceEnd) sentenceCut = j + 1;
      if (token.space) spaceCut = j + 1;
    }
    if (j === tokens.length) {
      parts.push(
        prefix +
          tokens
            .slice(i)
            .map((tk) => tk.text)
            .join('') +
          closeAll(stack),
      );
      break;
    }
    const cut = sentenceCut > i ? sentenceCut : spaceCut > i ? spaceCut : anyCut > i ? anyCut : -1;
    if (cut < 0) throw new Error(`cannot split a message at ${limit} characters: an indivisible piece is too long`);
    const cutStack = cuts.get(cut)!;
    const piece =
      prefix +
      tokens
        .slice(i, cut)
        .map((tk) => tk.text)
        .join('') +
      closeAll(cutStack);
    parts.push(piece.replace(/\s+$/u, '') || piece);
    open = cutStack;
    i = cut;
    // A part should not start with the whitespace that separated it from the previous one.
    while (i < tokens.length && tokens[i].space) i++;
  }
  return parts.filter((part) => part.replace(/<[^>]*>/g, '').trim() !== '');
}

function closeAll(stack: Token[]): string {
  return [...stack]
    .reverse()
    .map((tag) => `</${tag.name}>`)
    .join('');
}
