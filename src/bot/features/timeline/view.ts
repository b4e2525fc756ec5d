import type { InlineKeyboard } from 'grammy';
import type { Timeline, TimelineEntry } from '../../../domain/ports.js';
import { fitsCallbackData } from '../../callback-data.js';
import { escapeHtml } from '../../render/html.js';
import { publishedLabel } from '../../render/source.js';
import { shorten } from '../../render/text.js';
import type { Translate } from '../../render/translate.js';
import { answerKeyboard, withPageLinks } from '../sources/keyboard.js';
import { timelinePage } from './callback-data.js';

/** Reports a page shows: one line each, with a source button each, within one message. */
export const PER_PAGE = 5;
/** A long sentence is cut: the source button opens the whole passage. */
const SENTENCE_CHARS = 160;

export interface TimelinePage {
  html: string;
  keyboard: InlineKeyboard;
}

/** The page count of a timeline, at least one. */
export function pageCount(timeline: Timeline): number {
  return Math.max(1, Math.ceil(timeline.entries.length / PER_PAGE));
}

/** Whether ◀ ▶ can carry this topic: Telegram's callback data holds 64 bytes. */
export function canPage(topic: string): boolean {
  return fitsCallbackData(timelinePage.encode({ page: 999, topic }));
}

/** "[1] 2024年9月15日 · <b>标题</b>" and the sentence that names the topic, under it. */
function entryLine({ published, sentence, citation }: TimelineEntry, t: Translate): string {
  const date = publishedLabel(published, t) ?? citation.date ?? t('timeline-undated');
  return [
    `[${citation.n}] ${escapeHtml(date)} · <b>${escapeHtml(citation.headline)}</b>`,
    escapeHtml(shorten(sentence, SENTENCE_CHARS)),
  ].join('\n');
}

/** ◀ ▶ to the pages before and after, when there are any. */
function addPaging(keyboard: InlineKeyboard, topic: string, page: number, pages: number): InlineKeyboard {
  if (page > 0) keyboard.text('◀', timelinePage.encode({ page: page - 1, topic }));
  if (page < pages - 1) keyboard.text('▶', timelinePage.encode({ page: page + 1, topic }));
  return keyboard;
}

/**
 * Page `page` of a timeline (the last one when it has shrunk since): a title that says how many
 * reports there are, a line per report, a source button per line, and ◀ ▶.
 */
export function timelineView(timeline: Timeline, page: number, t: Translate): TimelinePage {
  const pages = pageCount(timeline);
  const shown = Math.min(page, pages - 1);
  const entries = timeline.entries.slice(shown * PER_PAGE, (shown + 1) * PER_PAGE);
  const title = t('timeline-title', {
    topic: escapeHtml(timeline.topic),
    count: String(timeline.entries.length),
    page: String(shown + 1),
    pages: String(pages),
  });
  const html = [title, ...entries.map((entry) => entryLine(entry, t))].join('\n\n');
  const keyboard = answerKeyboard(withPageLinks(entries.map(({ citation }) => citation)), null, t);
  return { html, keyboard: addPaging(keyboard, timeline.topic, shown, pages) };
}
