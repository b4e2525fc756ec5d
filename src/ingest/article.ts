/**
 * Builds an article from what an article-level reader found: its headline and its paragraphs,
 * each paragraph with where it starts in the source (so passages keep a place on their page).
 */
import type { Article } from '../domain/types.js';
import { derivedHeadline } from './page.js';

/** A paragraph's text as it will be read, and the source offset it was read from. */
export interface Paragraph {
  text: string;
  start: number;
}

export interface ArticleParts {
  headline: string | null;
  paragraphs: Paragraph[];
  byline?: string | null;
  kicker?: string | null;
  /** As given with the article (`2024-08-30`); else the day its lead names, as on a printed page. */
  date?: string | null;
}

const DATE = /(?<!\d)\d{1,2}月\d{1,2}日/;
/** The lead, where a news story gives the day of its event, opens the body. */
const DATE_WINDOW = 400;

/**
 * Offsets are the paragraph's start plus the character's place in it: a decoded paragraph
 * (`&amp;` read as `&`, `""` as `"`) is never longer than its source, so they stay in order.
 */
export function buildArticle(file: string, index: number, parts: ArticleParts): Article {
  const paragraphs = parts.paragraphs
    .map((p) => ({ text: p.text.trim(), start: p.start + p.text.length - p.text.trimStart().length }))
    .filter((p) => p.text);
  let body = '';
  const bodyOffsets: number[] = [];
  paragraphs.forEach((paragraph, n) => {
    if (n > 0) {
      body += '\n';
      bodyOffsets.push(-1);
    }
    body += paragraph.text;
    for (let k = 0; k < paragraph.text.length; k++) bodyOffsets.push(paragraph.start + k);
  });
  const headline = parts.headline?.trim();
  return {
    file,
    index,
    headline: headline || derivedHeadline(body),
    kicker: parts.kicker?.trim() || null,
    subheadlines: [],
    byline: parts.byline?.trim() || null,
    dateline: null,
    date: parts.date?.trim() || (DATE.exec(body.slice(0, DATE_WINDOW))?.[0] ?? null),
    continued: false,
    body,
    bodyOffsets,
  };
}
