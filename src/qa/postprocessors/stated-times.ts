import type { TimeSpan } from '../query/time.js';

type Bounds = Pick<TimeSpan, 'from' | 'to'>;

const pad = (n: number) => String(n).padStart(2, '0');
const DAY = /(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?/g;

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

/** The times a text spells out with their year ("2023年", "2019年10月", "2024年3月6日"). */
export function statedTimes(text: string): Bounds[] {
  return [...text.matchAll(DAY)].map((m) =>
    boundsOf(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined),
  );
}

/** Bounds of different lengths compare as text, as publication dates do: `2024` < `2024-04`. */
const within = (inner: Bounds, outer: Bounds) => outer.from <= inner.from && inner.to <= outer.to;

/**
 * A report states the time a question names: a yearly review printed in spring, or an item whose
 * page carries no date, tells of the year it spells out.
 */
export const statesTime = (text: string, span: Bounds) => statedTimes(text).some((stated) => within(stated, span));
