import type { TimeSpan } from '../query/time.js';

type Bounds = Pick<TimeSpan, 'from' | 'to'>;

const pad = (n: number) => String(n).padStart(2, '0');
/** "2023年", "2023年11月", "2023年11月15日", or a month or day without its year: "11月15日", "10月". */
const STATED = /(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?|(\d{1,2})月(?:(\d{1,2})[日号])?/g;

/**
 * "2023年" → 2023; "2023年11月" → that month; "2023年11月15日" → that day (end exclusive). A month
 * or day that is no such thing leaves what came before it.
 */
function boundsOf(year: number, month?: number, day?: number): Bounds {
  if (!month || month < 1 || month > 12) return { from: String(year), to: String(year + 1) };
  const next = month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}`;
  const date = new Date(Date.UTC(year, month - 1, day ?? 1));
  if (!day || date.getUTCDate() !== day) return { from: `${year}-${pad(month)}`, to: next };
  return {
    from: date.toISOString().slice(0, 10),
    to: new Date(date.getTime() + 86_400_000).toISOString().slice(0, 10),
  };
}

const number = (digits: string | undefined) => (digits ? Number(digits) : undefined);

/**
 * The times a text spells out ("2023年", "2019年10月", "2024年3月6日"). A month or day written
 * without its year ("自6月15日起") is of the year the text last named, else of `year` (the page's);
 * with neither it is not read.
 */
export function statedTimes(text: string, year: number | null = null): Bounds[] {
  let named = year;
  const stated: Bounds[] = [];
  for (const m of text.matchAll(STATED)) {
    if (m[1]) named = Number(m[1]);
    if (named === null) continue;
    stated.push(m[1] ? boundsOf(named, number(m[2]), number(m[3])) : boundsOf(named, number(m[4]), number(m[5])));
  }
  return stated;
}

/** Bounds of different lengths compare as text, as publication dates do: `2024` < `2024-04`. */
const within = (inner: Bounds, outer: Bounds) => outer.from <= inner.from && inner.to <= outer.to;

/**
 * A report states the time a question names: a yearly review printed in spring, an announcement
 * of what happens next month, or an item whose page carries no date, tells of the time it spells
 * out within it.
 */
export const statesTime = (text: string, span: Bounds, year: number | null = null) =>
  statedTimes(text, year).some((stated) => within(stated, span));
