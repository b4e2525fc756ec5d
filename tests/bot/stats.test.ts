import { describe, expect, it } from 'vitest';
import { localTime } from '../../src/bot/features/admin/stats.js';

describe('/stats times', () => {
  const indexed = new Date('2026-12-05T03:09:54.784Z');
  const now = new Date('2026-12-06T01:00:00Z');

  it.each([
    ['zh-Hans', 'Asia/Shanghai', '12月5日 11:09'],
    ['zh-Hant', 'Asia/Shanghai', '12月5日 11:09'],
    ['en', 'Asia/Shanghai', 'December 5 at 11:09'],
    ['zh-Hans', 'UTC', '12月5日 03:09'],
  ])('in %s, %s: %s', (locale, timeZone, shown) => {
    expect(localTime(indexed, locale, now, timeZone)).toBe(shown);
  });

  it('names the year only when it is not this one', () => {
    expect(localTime(indexed, 'zh-Hans', new Date('2027-01-02T00:00:00Z'), 'Asia/Shanghai')).toBe(
      '2026年12月5日 11:09',
    );
  });
});
