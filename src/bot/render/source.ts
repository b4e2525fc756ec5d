import type { PageSource } from '../../domain/types.js';
import type { Translate } from './translate.js';

/** Papers whose name the locales translate; any other is shown as printed. */
const KNOWN_PAPERS: Record<string, string> = { 青岛日报: 'qingdao-daily' };

/**
 * A publication date (`YYYY-MM-DD`, `YYYY-MM`, `--MM-DD`, `--MM`) as a reader writes it:
 * 2025年2月27日, 27 February 2025; 9月27日 without a year.
 */
export function publishedLabel(published: string | null, t: Translate): string | null {
  const match = published ? /^(?:(\d{4})|-)-(\d{2})(?:-(\d{2}))?$/.exec(published) : null;
  if (!match) return null;
  const [, year, month, day] = match;
  const shape = `${year ? 'y' : ''}m${day ? 'd' : ''}`;
  return t('source-date', { shape, year: year ?? '', month: Number(month), day: day ? Number(day) : 0 });
}

function paperLabel(paper: string, t: Translate): string {
  return t('source-paper', { paper: KNOWN_PAPERS[paper] ?? 'other', name: paper });
}

/** 第1版 is numbered, and read as "page 1"; a page named otherwise (A03 要闻) keeps its name. */
function pageLabel(page: string, t: Translate): string {
  const number = /^第(\d+)版$/.exec(page);
  return number ? t('source-page', { number: number[1] }) : page;
}

/**
 * Where a passage was printed, for a source line: "青岛日报 2025年2月27日 第1版" (or "Qingdao
 * Daily, 27 February 2025, page 1"). Null when the page says nothing of it.
 */
export function sourceLabel(source: PageSource | null | undefined, t: Translate): string | null {
  if (!source) return null;
  const parts = [
    source.paper && paperLabel(source.paper, t),
    publishedLabel(source.published, t),
    source.page && pageLabel(source.page, t),
  ].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(t('source-separator')) : null;
}
