import type { Answer, Chunk, Citation } from '../../domain/types.js';
import { escapeAttribute, escapeHtml } from './html.js';
import { markdownToHtml } from './markdown.js';
import { closeMarkdown } from './partial-markdown.js';
import { citedSpans } from './cited.js';
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
  const body =
    answer.mode === 'llm' ? markdownToHtml(answer.text) : boldMarked(answer.text.trim(), answer.marked ?? []);
  // A refusal of something no report names lists the reports nearest the question instead.
  if (answer.refused) {
    const nearest = answer.nearest ?? [];
    return nearest.length ? `${body}\n${nearest.map((c) => sourceLine(c, t)).join('\n')}` : body;
  }
  if (!answer.citations.length) return body;
  return `${body}\n\n${sourceList(answer.citations, t)}`;
}

/** Text as printed, with the first place each of `marked` stands in it in bold. */
function boldMarked(text: string, marked: string[]): string {
  const spans = marked
    .filter(Boolean)
    .map((mark): [number, number] => [text.indexOf(mark), text.indexOf(mark) + mark.length])
    .filter(([start]) => start >= 0)
    .sort((a, b) => a[0] - b[0]);
  return boldSpans(text, spans);
}

/** `[start, end)` spans of text in bold, in order; one that overlaps the one before is left plain. */
function boldSpans(text: string, spans: Array<[number, number]>): string {
  let html = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    html += `${escapeHtml(text.slice(at, start))}<b>${escapeHtml(text.slice(start, end))}</b>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

function sourceList(citations: Citation[], t: Translate): string {
  return `<b>${escapeHtml(t('sources'))}</b>\n${citations.map((c) => sourceLine(c, t)).join('\n')}`;
}

/**
 * A cited passage in full, as shown when its source button is tapped: where it was printed and a
 * link to the page, then the passage with the sentences `claims` cite marked; `t` speaks the
 * reader's locale. File names and how a date was found are for admins (/pages), not readers.
 */
export function formatPassage(chunk: Chunk, t: Translate, claims: string[] = []): string {
  const where = sourceLabel(chunk.source, t) ?? chunk.date;
  const meta = where ? `\n<i>${escapeHtml(where)}</i>` : '';
  const url = chunk.source?.url;
  const link = url ? `\n<a href="${escapeAttribute(url)}">${escapeHtml(t('passage-open'))}</a>` : '';
  return `📄 <b>${escapeHtml(chunk.headline)}</b>${meta}${link}\n\n${markedText(chunk.text.trim(), claims)}`;
}

function markedText(text: string, claims: string[]): string {
  return boldSpans(text, citedSpans(text, claims));
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
