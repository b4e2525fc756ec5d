import type { PageSource } from '../domain/types.js';

/**
 * What a page says of itself: its paper, publication date, page (版次) and a link to the e-paper.
 *
 * Given, in this order of precedence:
 * 1. a front-matter header at the top of the file (the convention):
 *        ---
 *        date: 2025-02-27
 *        paper: 青岛日报
 *        page: 第1版 要闻
 *        url: https://epaper.example.com/2025-02-27/01
 *        ---
 * 2. the file name: `2025-02-27_01.txt` (date, then page number or name such as A03);
 * 3. otherwise the date is inferred from the page itself and marked as inferred: the month and
 *    day of its datelines ("本报2月27日讯") or, failing those, the month its articles' dates agree
 *    on, and the latest year the text names at least twice (not as a target: "到2030年"). A year
 *    the text does not support is left out, never guessed.
 */
export interface PageMeta {
  source: PageSource;
  /** The text with its front matter blanked (same length, so offsets into it stay valid). */
  text: string;
  /** What the header gave that was left out, and why (for the log). */
  warnings: string[];
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const FILE_NAME = /^(\d{4})-(\d{2})-(\d{2})(?:[_-]([A-Za-z]?\d{1,3}))?(?=[._-]|$)/;
const DATELINE = /本报(?:[\u4e00-\u9fa5]{0,6})?(\d{1,2})月(\d{1,2})日(?:电|讯)/g;
const DAY = /(?<!\d)(\d{1,2})月(\d{1,2})日/g;
const YEAR = /(?<![\d到至])((?:19|20)\d{2})年(?!前|以前|之前|底前)/g;

const pad = (n: number) => String(n).padStart(2, '0');

/** No page is dated after next year: a later "year" is a figure or a typo. */
const LATEST_YEAR = new Date().getFullYear() + 1;

function isoDate(year: number | null, month: number, day: number | null): string | null {
  if (month < 1 || month > 12 || (day !== null && (day < 1 || day > 31))) return null;
  if (year !== null && (year < 1900 || year > LATEST_YEAR)) return null;
  const monthDay = day === null ? pad(month) : `${pad(month)}-${pad(day)}`;
  return year === null ? `--${monthDay}` : `${year}-${monthDay}`;
}

/** A page number alone (01, 1) reads 第1版; a name (A03, 要闻) stays as printed. */
function pageName(raw: string): string {
  return /^\d+$/.test(raw) ? `第${Number(raw)}版` : raw;
}

function counted<T>(values: T[]): Array<[T, number]> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

const mostCommon = <T>(values: T[]): T | null => counted(values)[0]?.[0] ?? null;

function inferDate(text: string): string | null {
  const datelines = [...text.matchAll(DATELINE)].map((m) => `${Number(m[1])}-${Number(m[2])}`);
  const days = [...text.matchAll(DAY)].map((m) => Number(m[1]));
  const monthDay = mostCommon(datelines);
  const month = monthDay ? Number(monthDay.split('-')[0]) : mostCommon(days);
  if (month === null) return null;
  const day = monthDay ? Number(monthDay.split('-')[1]) : null;
  const named = counted([...text.matchAll(YEAR)].map((m) => Number(m[1])))
    .filter(([year, count]) => count >= 2 && year < LATEST_YEAR)
    .map(([year]) => year);
  return isoDate(named.length ? Math.max(...named) : null, month, day);
}

/**
 * A link a reader can open, as Telegram's URL buttons take it: http or https to a named host (a
 * dot and a top-level domain of letters). "https://", "https://localhost/x" and the like are not:
 * Telegram refuses the whole message that carries such a button.
 */
export function readerLink(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const labels = url.hostname.split('.');
  const tld = labels.at(-1) ?? '';
  if (labels.length < 2 || !/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i.test(tld)) return null;
  if (!labels.every((label) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i.test(label))) return null;
  return url.href;
}

function parseFrontMatter(block: string, warnings: string[]): Partial<PageSource> {
  const fields: Partial<PageSource> = {};
  for (const line of block.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z\u4e00-\u9fa5]+)\s*[:：]\s*(.*?)\s*$/.exec(line);
    if (!match?.[2]) continue;
    const [, key, value] = match;
    if (/^(date|日期)$/i.test(key)) {
      const date = ISO_DATE.exec(value);
      if (date) fields.published = isoDate(Number(date[1]), Number(date[2]), Number(date[3]));
    } else if (/^(paper|报纸|报名)$/i.test(key)) fields.paper = value;
    else if (/^(page|版次|版面)$/i.test(key)) fields.page = pageName(value);
    else if (/^(url|link|链接)$/i.test(key)) {
      const link = readerLink(value);
      if (link) fields.url = link;
      else
        warnings.push(
          `the header's ${key} "${value.slice(0, 200)}" is not a web link (http or https to a named host): left out`,
        );
    }
  }
  return fields;
}

export function readPageMeta(file: string, text: string): PageMeta {
  const front = FRONT_MATTER.exec(text);
  const warnings: string[] = [];
  const given = front ? parseFrontMatter(front[1], warnings) : {};
  const body = front ? text.replace(FRONT_MATTER, (block) => block.replace(/[^\n]/g, ' ')) : text;
  const named = FILE_NAME.exec(file);
  const fromName = named ? isoDate(Number(named[1]), Number(named[2]), Number(named[3])) : null;
  const stated = given.published ?? fromName;
  const published = stated ?? inferDate(body);
  return {
    text: body,
    warnings,
    source: {
      // Its reporters' bylines name the paper (□青岛日报/观海新闻记者).
      paper: given.paper ?? (/青岛日报/.test(body) ? '青岛日报' : null),
      published,
      inferred: stated == null && published !== null,
      page: given.page ?? (named?.[4] ? pageName(named[4]) : null),
      url: given.url ?? null,
    },
  };
}

/**
 * What an admin wrote in an upload's caption ("2025-02-27 第1版", "2025年2月27日 A03"), as a
 * front-matter header to put before the page's text; null when the caption gives neither a date
 * nor a page, or the page has a header of its own.
 */
export function captionHeader(caption: string | undefined, text: string): string | null {
  if (!caption || FRONT_MATTER.test(text)) return null;
  const date = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/.exec(caption);
  const iso = date ? isoDate(Number(date[1]), Number(date[2]), Number(date[3])) : null;
  const page = /第\s*(\d{1,3})\s*版|\b([A-Z]\d{1,3})\b|\bp(?:age)?\.?\s*(\d{1,3})\b/i.exec(caption);
  const number = page?.[1] ?? page?.[3];
  const pageValue = number ? pageName(number) : (page?.[2] ?? null);
  if (!iso && !pageValue) return null;
  return ['---', ...(iso ? [`date: ${iso}`] : []), ...(pageValue ? [`page: ${pageValue}`] : []), '---', ''].join('\n');
}
