import { monthName, monthNumber } from '../../text/months.js';
import type { DateSpan } from '../../index/reader.js';
import { namedTime, type NamedTime } from './relative-time.js';

/**
 * A span of publication dates a question asks about: reports of a month or a year it names
 * ("2023年9月的报道"), or relative to today ("去年的报道", "最近有什么新闻"). Only a time tied to
 * the reports counts: "2024年青岛卖了多少" asks about 2024's figures, which a 2025 page reports.
 */
export interface TimeSpan {
  /**
   * Inclusive; compared with publication dates as strings. A month or a year is given as
   * `YYYY-MM` or `YYYY`, so that a page dated only by its month (`2025-02`) falls within its
   * month and year: `2025-02` sorts before `2025-02-01` but not before `2025-02`.
   */
  from: string;
  /** Exclusive. */
  to: string;
  zh: string;
  en: string;
}

const REPORTS = '(?:的|里的|内的|期间的|那[期些篇]?)?(?:报道|新闻|版面|报纸|文章|消息)';
const RECENT = /最近|近期|最新|这几天|近来|lately|recent(?:ly)?|latest/i;
/** "最近" reaches back this far. */
const RECENT_DAYS = 92;

const day = (date: Date) => date.toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

function monthSpan(year: number, month: number): TimeSpan {
  const next = month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}`;
  return {
    from: `${year}-${pad(month)}`,
    to: next,
    zh: `${year}年${month}月`,
    en: `${monthName(month)} ${year}`,
  };
}

function yearSpan(year: number, zh = `${year}年`, en = String(year)): TimeSpan {
  return { from: String(year), to: String(year + 1), zh, en };
}

export function timeOf(question: string, today: Date): TimeSpan | null {
  const text = question.replace(/\s+/g, '');
  const month = new RegExp(`(\\d{4})年(\\d{1,2})月(?:份)?${REPORTS}`).exec(text);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return monthSpan(Number(month[1]), Number(month[2]));
  const year = new RegExp(`(\\d{4})年(?:全年)?${REPORTS}`).exec(text);
  if (year) return yearSpan(Number(year[1]));
  const english =
    /\b(?:in|from|of)\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b/i.exec(
      question,
    );
  if (english && /\b(report|news|paper|article|page)s?\b/i.test(question)) {
    return monthSpan(Number(english[2]), monthNumber(english[1]));
  }
  const thisYear = today.getUTCFullYear();
  if (new RegExp(`去年${REPORTS}`).test(text) || /\blast year'?s (report|news|article)/i.test(question)) {
    return yearSpan(thisYear - 1, `去年（${thisYear - 1}年）`, `last year (${thisYear - 1})`);
  }
  if (new RegExp(`今年${REPORTS}`).test(text) || /\bthis year'?s (report|news|article)/i.test(question)) {
    return yearSpan(thisYear, `今年（${thisYear}年）`, `this year (${thisYear})`);
  }
  const spaced = question.replace(/\s+/g, ' ');
  const named = namedTime(spaced, today);
  const after = named ? spaced.slice(named.end).replace(/\s+/g, '') : '';
  if (named && (new RegExp(`^${REPORTS}`).test(after) || englishReports(spaced, named))) {
    return spanOf(named);
  }
  const aboutReports = new RegExp(REPORTS).test(text) || /\b(news|reports?|articles?)\b/i.test(question);
  if (RECENT.test(question) && aboutReports) {
    const from = new Date(today.getTime() - RECENT_DAYS * 86_400_000);
    const tomorrow = new Date(today.getTime() + 86_400_000);
    return { from: day(from), to: day(tomorrow), zh: `最近（${day(from)} 以来）`, en: `recent (since ${day(from)})` };
  }
  return null;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The question without the words that say which reports it asks about ("2024年9月的报道里，"):
 * they choose the pages searched, and no answer need say them again.
 */
export function withoutTimeScope(question: string, today: Date): string {
  const named = namedTime(question.replace(/\s+/g, ' '), today);
  const times = ['\\d{4}年(?:\\d{1,2}月(?:份)?)?(?:全年)?', '去年', '今年', '最近', '近期', '最新'];
  if (named && /\p{Script=Han}/u.test(named.words)) times.push(escaped(named.words));
  const scope = new RegExp(`(?:${times.join('|')})${REPORTS}(?:里|中|上|内)?[，,、：:]?`, 'g');
  const rest = question.replace(scope, '');
  return /\p{Script=Han}{2}|[a-z]{2}/iu.test(rest) ? rest : question;
}

/**
 * The question without a time it counts back from today ("两年前", "三个月前"): the reports state
 * the date, never those words. Their own 今年 and 去年 they do say, and a date as written.
 */
export function withoutRelativeTime(question: string, today: Date): string {
  const named = namedTime(question, today);
  if (!named || !/^\P{ASCII}+前/u.test(named.words)) return question;
  const rest = question.replace(named.words, '');
  return /\p{Script=Han}{2}/u.test(rest) ? rest : question;
}

const englishReports = (question: string, named: NamedTime) =>
  /[a-z]/i.test(named.words) &&
  new RegExp(`${escaped(named.words)}'?s? (reports?|news|articles?|papers?)`, 'i').test(question);

/** `2024-08-19` to `2024-08-26` reads "2024-08-19 至 2024-08-25": the end is exclusive. */
function spanOf({ from, to, words }: NamedTime): TimeSpan {
  const last = /^\d{4}-\d{2}-\d{2}$/.test(to) ? day(new Date(Date.parse(to) - 86_400_000)) : `${to} 前`;
  const zhRange = from ? `${from} 至 ${last}` : `截至 ${last}`;
  const enLast = /^\d{4}-\d{2}-\d{2}$/.test(to) ? last : `before ${to}`;
  return {
    from,
    to,
    zh: `${words}（${zhRange}）`,
    en: `${words} (${from ? `${from} to ${enLast}` : `up to ${enLast}`})`,
  };
}

/**
 * A time the question leans on without asking about the reports of it ("去年7月苹果发布了什么",
 * "two years ago"): its reports are ranked first, the others still searched.
 */
export function leaningOf(question: string, today: Date): TimeSpan | null {
  const named = namedTime(question.replace(/\s+/g, ' '), today);
  return named ? spanOf(named) : null;
}

/**
 * The publication dates a search reads: those of `span`, if any, and never after the day the
 * question is asked on; without a span, undated pages too. Bounds of different lengths compare as
 * text: `2024` < `2024-08-31`.
 */
export function searchedDates(span: TimeSpan | null, askedOn: Date): DateSpan {
  const tomorrow = day(new Date(askedOn.getTime() + 86_400_000));
  if (!span) return { from: '', to: tomorrow, undated: true };
  return { from: span.from, to: [span.to, tomorrow].sort()[0] };
}

/**
 * The reports of a time come out during it and a while after: a year's figures in the first
 * quarter of the next, a month's events the month after, a day's within three days.
 */
export function reportedBy(span: TimeSpan): TimeSpan {
  const { to } = span;
  if (/^\d{4}$/.test(to)) return { ...span, to: `${to}-04` };
  if (/^\d{4}-\d{2}$/.test(to)) {
    const [year, month] = to.split('-').map(Number);
    return { ...span, to: month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}` };
  }
  return { ...span, to: day(new Date(Date.parse(to) + 3 * 86_400_000)) };
}
