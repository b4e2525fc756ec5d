import type { Answer, Chunk, Citation } from '../../domain/types.js';
import { escapeAttribute, escapeHtml } from './html.js';
import { markdownToHtml } from './markdown.js';
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
  // A refusal of something no report names lists the reports nearest the question instead.
  const listed = answer.refused ? (answer.nearest ?? []) : answer.citations;
  if (!listed.length) return body;
  if (answer.refused) return `${body}\n${listed.map((c) => sourceLine(c, t)).join('\n')}`;
  const list = listed.map((c) => sourceLine(c, t));
  return `${body}\n\n<b>${escapeHtml(t('sources'))}</b>\n${list.join('\n')}`;
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

/** What a streaming answer shows before it is complete: plain text, cut to fit one message. */
export function formatDraft(text: string): string {
  return `${escapeHtml(cutUtf16(text.trim(), DRAFT_LIMIT))} ▍`;
}

/** What was written of an answer when the reader stopped it, marked as stopped. */
export function formatStopped(text: string, stoppedMark: string): string {
  const written = cutUtf16(text.trim(), DRAFT_LIMIT);
  return written ? `${escapeHtml(written)}\n\n${stoppedMark}` : stoppedMark;
}
