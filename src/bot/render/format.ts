import type { Answer, Chunk, Citation } from '../../domain/types.js';
import { escapeAttribute, escapeHtml } from './html.js';
import { markdownToHtml } from './markdown.js';
import { closeMarkdown } from './partial-markdown.js';
import { sourceLabel } from './source.js';
import { cutUtf16 } from './text.js';
import type { Translate } from './translate.js';

/**
 * "[1] 青岛加快建设消费帮扶重点城市 · 青岛日报 2025年2月27日 第1版": the file name only where
 * the page gives no publication date.
 */
function sourceLine(citation: Citation, t: Translate): string {
  const where = sourceLabel(citation.source, t);
  const parts = [where && escapeHtml(where)];
  if (!citation.source?.published) {
    parts.push(citation.date && escapeHtml(citation.date), `<code>${escapeHtml(citation.file)}</code>`);
  }
  return `[${citation.n}] <b>${escapeHtml(citation.headline)}</b> · ${parts.filter(Boolean).join(' · ')}`;
}

/**
 * Answer text with its markers, then the list of the passages it cites; `t` speaks the answer's
 * own locale. An offline answer already says that it is offline: the core writes that note.
 */
export function formatAnswer(answer: Answer, t: Translate): string {
  // A model writes Markdown; offline answers are the reports' own sentences, shown as printed.
  const body = answer.mode === 'llm' ? markdownToHtml(answer.text) : escapeHtml(answer.text.trim());
  if (answer.refused || !answer.citations.length) return body;
  return `${body}\n\n${sourceList(answer.citations, t)}`;
}

function sourceList(citations: Citation[], t: Translate): string {
  return `<b>${escapeHtml(t('sources'))}</b>\n${citations.map((c) => sourceLine(c, t)).join('\n')}`;
}

/** A cited passage in full, as shown when its source button is tapped; `t` speaks the reader's locale. */
export function formatPassage(chunk: Chunk, t: Translate): string {
  const source = chunk.source;
  const where = sourceLabel(source, t);
  const inferred = source?.inferred ? t('passage-inferred') : '';
  const meta = [where ? `${where}${inferred}` : chunk.date, chunk.file]
    .filter(Boolean)
    .map((part) => escapeHtml(part as string))
    .join(' · ');
  const link = source?.url ? `\n<a href="${escapeAttribute(source.url)}">${escapeHtml(t('passage-open'))}</a>` : '';
  return `📄 <b>${escapeHtml(chunk.headline)}</b>\n<i>${meta}</i>${link}\n\n${escapeHtml(chunk.text.trim())}`;
}

/** A draft's room in a message, leaving space for the marks around it. */
const DRAFT_LIMIT = 3_500;

/** The model's Markdown so far as the finished answer will show it: what is open closed, cut to fit one message. */
function partialHtml(text: string): string {
  return markdownToHtml(closeMarkdown(cutUtf16(text.trim(), DRAFT_LIMIT)));
}

/** What a streaming answer shows before it is complete, formatted as the answer will be. */
export function formatDraft(text: string): string {
  return `${partialHtml(text)} ▍`;
}

/**
 * What was written of an answer when the reader stopped it, formatted as a finished answer with
 * the sources it cited so far, and marked as stopped.
 */
export function formatStopped(text: string, cited: Citation[], t: Translate, stoppedMark: string): string {
  const written = partialHtml(text);
  if (!written) return stoppedMark;
  const sources = cited.length ? `\n\n${sourceList(cited, t)}` : '';
  return `${written}${sources}\n\n${stoppedMark}`;
}
