import { monthNumber } from '../../text/months.js';

/**
 * A time a question names, resolved against the day it is asked on: "去年7月", "上周", "三年前",
 * "年初", "截至上周", "last July", "this spring", "two years ago", or a date it spells out. Bounds
 * are compared with publication dates as strings: a month is `YYYY-MM` and a year `YYYY`, so that
 * a page dated only by its month or year falls within it; `to` is exclusive.
 */
export interface NamedTime {
  from: string;
  to: string;
  /** The words that name it, as written. */
  words: string;
  /** Where they end in the text searched, to tell whether they qualify "报道". */
  end: number;
}

type Bounds = { from: string; to: string };
type Resolve = (match: RegExpExecArray, today: Date) => Bounds | null;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** Month `month` (1-12, may overflow either way) of `year`, as `YYYY-MM`. */
function monthKey(year: number, month: number): string {
  const index = year * 12 + (month - 1);
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** Months `first` to `last` of `year` (either may overflow into a neighbouring year). */
const months = (year: number, first: number, last = first): Bounds => ({
  from: monthKey(year, first),
  to: monthKey(year, last + 1),
});
const year = (y: number): Bounds => ({ from: String(y), to: String(y + 1) });
const days = (first: Date, count: number): Bounds => ({ from: iso(first), to: iso(addDays(first, count)) });

const DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "3", "三", "十二", "二十" → the number; NaN for anything else. */
export function numberOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const ten = text.indexOf('十');
  if (ten < 0) return text.length === 1 && text in DIGITS ? DIGITS[text] : Number.NaN;
  const tens = ten === 0 ? 1 : DIGITS[text.slice(0, ten)];
  const ones = ten === text.length - 1 ? 0 : DIGITS[text.slice(ten + 1)];
  return tens * 10 + ones;
}

const N = '(\\d{1,2}|[零一二两三四五六七八九十]{1,3})';
const SEASON_MONTHS: Record<string, [number, number]> = {
  春: [3, 5],
  夏: [6, 8],
  秋: [9, 11],
  冬: [12, 14],
  spring: [3, 5],
  summer: [6, 8],
  autumn: [9, 11],
  fall: [9, 11],
  winter: [12, 14],
};
const PART_OF_YEAR: Record<string, [number, number]> = {
  年初: [1, 2],
  初: [1, 2],
  年底: [11, 12],
  年末: [11, 12],
  底: [11, 12],
  上半年: [1, 6],
  下半年: [7, 12],
};
const PART = `(本月|同月|这个月|同期|年初|年底|年末|上半年|下半年|[春夏秋冬][天季]?|${N}月(?:份)?)`;

/** Year `y`, or the part of it that `part` names ("6月", "春天", "年初", "本月"). */
function yearPart(y: number, part: string | undefined, today: Date): Bounds | null {
  if (!part || part === '同期') return year(y);
  if (/本月|同月|这个月/.test(part)) return months(y, today.getUTCMonth() + 1);
  const fixed = PART_OF_YEAR[part] ?? SEASON_MONTHS[part[0]];
  if (fixed) return months(y, fixed[0], fixed[1]);
  const month = numberOf(part.replace(/月.*/, ''));
  return month >= 1 && month <= 12 ? months(y, month) : null;
}

const YEARS_BACK: Record<string, number> = { 大前年: 3, 前年: 2, 去年: 1, 今年: 0, 明年: -1 };
const ENGLISH_NUMBERS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const englishNumber = (word: string) =>
  /^\d+$/.test(word) ? Number(word) : ENGLISH_NUMBERS.indexOf(word.toLowerCase()) + 1;
const MONTH_NAMES = 'January|February|March|April|May|June|July|August|September|October|November|December';

/** Monday of the week `weeks` before the one `today` is in. */
function weekStart(today: Date, weeks: number): Date {
  const monday = addDays(today, -((today.getUTCDay() + 6) % 7));
  return addDays(monday, -7 * weeks);
}

/** The rules, most specific first: the first whose words appear earliest wins. */
const RULES: [RegExp, Resolve][] = [
  [
    /(\d{4})年(\d{1,2})月(\d{1,2})[日号]/,
    (m) => {
      const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return date.getUTCDate() === Number(m[3]) ? days(date, 1) : null;
    },
  ],
  [
    /(\d{4})年(\d{1,2})月/,
    (m) => (Number(m[2]) >= 1 && Number(m[2]) <= 12 ? months(Number(m[1]), Number(m[2])) : null),
  ],
  [/(\d{4})年(?!\d)/, (m) => year(Number(m[1]))],
  [
    new RegExp(`(大前年|前年|去年|今年|明年|${N}年多?前)(?:的?${PART})?`),
    (m, today) => {
      const back = YEARS_BACK[m[1]] ?? numberOf(m[2]);
      return Number.isNaN(back) ? null : yearPart(today.getUTCFullYear() - back, m[3], today);
    },
  ],
  [
    new RegExp(`(上上个?月|上个?月|本月|这个月|${N}个多?月前)`),
    (m, today) => {
      const back = m[1].startsWith('上上') ? 2 : m[1].startsWith('上') ? 1 : m[2] ? numberOf(m[2]) : 0;
      return Number.isNaN(back) ? null : months(today.getUTCFullYear(), today.getUTCMonth() + 1 - back);
    },
  ],
  [
    new RegExp(
      `(上上(?:个)?(?:周|星期|礼拜)|上(?:个)?(?:周|星期|礼拜)|本周|这周|这个星期|${N}(?:个)?(?:周|星期|礼拜)前)`,
    ),
    (m, today) => {
      const back = m[1].startsWith('上上') ? 2 : m[1].startsWith('上') ? 1 : m[2] ? numberOf(m[2]) : 0;
      return Number.isNaN(back) ? null : days(weekStart(today, back), 7);
    },
  ],
  [
    new RegExp(`(大前天|前天|昨天|昨日|今天|今日|${N}天前)`),
    (m, today) => {
      const back = { 大前天: 3, 前天: 2, 昨天: 1, 昨日: 1, 今天: 0, 今日: 0 }[m[1]] ?? numberOf(m[2]);
      return Number.isNaN(back) ? null : days(addDays(today, -back), 1);
    },
  ],
  [/(年初|年底|年末|上半年|下半年)/, (m, today) => yearPart(today.getUTCFullYear(), m[1], today)],
  [
    new RegExp(`\\blast (${MONTH_NAMES}|spring|summer|autumn|fall|winter|year|month|week)\\b`, 'i'),
    (m, today) => englishLast(m[1].toLowerCase(), today),
  ],
  [
    new RegExp(`\\bthis (${MONTH_NAMES}|spring|summer|autumn|fall|winter|year|month|week)\\b`, 'i'),
    (m, today) => englishThis(m[1].toLowerCase(), today),
  ],
  [
    /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (year|month|week|day)s? ago\b/i,
    (m, today) => englishAgo(englishNumber(m[1]), m[2].toLowerCase(), today),
  ],
  [/\byesterday\b/i, (_m, today) => days(addDays(today, -1), 1)],
  [new RegExp(`\\b(?:in|of|from) (${MONTH_NAMES}),? (\\d{4})\\b`, 'i'), (m) => months(Number(m[2]), monthNumber(m[1]))],
];

function englishThis(unit: string, today: Date): Bounds {
  const y = today.getUTCFullYear();
  if (unit === 'year') return year(y);
  if (unit === 'month') return months(y, today.getUTCMonth() + 1);
  if (unit === 'week') return days(weekStart(today, 0), 7);
  const season = SEASON_MONTHS[unit];
  // This winter, asked in January, began last December.
  if (season && unit === 'winter' && today.getUTCMonth() < 2) return months(y - 1, season[0], season[1]);
  return season ? months(y, season[0], season[1]) : months(y, monthNumber(unit));
}

/** "last July": the latest July before this month; "last spring": the latest that has ended. */
function englishLast(unit: string, today: Date): Bounds {
  const y = today.getUTCFullYear();
  const month = today.getUTCMonth() + 1;
  if (unit === 'year') return year(y - 1);
  if (unit === 'month') return months(y, month - 1);
  if (unit === 'week') return days(weekStart(today, 1), 7);
  const season = SEASON_MONTHS[unit];
  if (season) return months(season[1] < month ? y : y - 1, season[0], season[1]);
  const named = monthNumber(unit);
  return months(named < month ? y : y - 1, named);
}

function englishAgo(count: number, unit: string, today: Date): Bounds | null {
  if (count < 1) return null;
  if (unit === 'year') return year(today.getUTCFullYear() - count);
  if (unit === 'month') return months(today.getUTCFullYear(), today.getUTCMonth() + 1 - count);
  if (unit === 'week') return days(weekStart(today, count), 7);
  return days(addDays(today, -count), 1);
}

const UNTIL = /(?:截至|截止(?:到)?|到)$/;
/** "比去年涨了多少" measures against a time; the question is not about it. */
const AGAINST = /(?:比|较|相比|比起|同比)$/;

/**
 * The time a question names first, resolved against `today`; "截至上周" reaches from the start of
 * the reports to the end of last week.
 */
export function namedTime(text: string, today: Date): NamedTime | null {
  let best: NamedTime | null = null;
  let bestIndex = Number.POSITIVE_INFINITY;
  for (const [pattern, resolve] of RULES) {
    const match = pattern.exec(text);
    if (!match || match.index >= bestIndex) continue;
    if (AGAINST.test(text.slice(Math.max(0, match.index - 2), match.index))) continue;
    const bounds = resolve(match, today);
    if (!bounds) continue;
    bestIndex = match.index;
    const until = UNTIL.test(text.slice(Math.max(0, match.index - 3), match.index));
    best = { ...bounds, from: until ? '' : bounds.from, words: match[0], end: match.index + match[0].length };
  }
  return best;
}
