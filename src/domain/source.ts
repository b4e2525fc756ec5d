import type { Language, PageSource } from './types.js';
import { monthName } from '../text/months.js';

/** A publication date as a reader writes it: 2025年2月27日, 27 February 2025; 9月27日 without a year. */
export function publishedLabel(published: string | null, lang: Language): string | null {
  const match = published ? /^(?:(\d{4})|-)-(\d{2})(?:-(\d{2}))?$/.exec(published) : null;
  if (!match) return null;
  const [, year, month, day] = match;
  const m = Number(month);
  const d = day ? Number(day) : null;
  if (lang === 'en') return [d, monthName(m), year].filter((part) => part !== null && part !== undefined).join(' ');
  return `${year ? `${year}年` : ''}${m}月${d !== null ? `${d}日` : ''}`;
}

function paperName(paper: string, lang: Language): string {
  return lang === 'en' && paper === '青岛日报' ? 'Qingdao Daily' : paper;
}

function pageLabel(page: string, lang: Language): string {
  const number = /^第(\d+)版$/.exec(page);
  return lang === 'en' && number ? `page ${number[1]}` : page;
}

/**
 * Where a passage was printed, for a source line: "青岛日报 2025年2月27日 第1版" (or "Qingdao
 * Daily, 27 February 2025, page 1"). Null when the page says nothing of it.
 */
export function sourceLabel(source: PageSource | null | undefined, lang: Language): string | null {
  if (!source) return null;
  const date = publishedLabel(source.published, lang);
  const parts = [
    source.paper && paperName(source.paper, lang),
    date,
    source.page && pageLabel(source.page, lang),
  ].filter((part): part is string => Boolean(part));
  if (!parts.length) return null;
  return parts.join(lang === 'en' ? ', ' : ' ');
}

/** Where one article of a page was printed: the page's source, with what the article says of itself. */
export function articleSource(page: PageSource | null | undefined, articleIndex: number): PageSource | null {
  if (!page) return null;
  const { articles, ...source } = page;
  return { ...source, ...articles?.[articleIndex] };
}
