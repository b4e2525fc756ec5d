import { describe, expect, it } from 'vitest';
import { statedTimes, statesTime } from '../../src/qa/postprocessors/stated-times.js';

describe('stated times', () => {
  it('reads the years, months and days a text spells out', () => {
    expect(statedTimes('2023年，销量破3000万；2019年10月宣布；2024年3月6日比赛；2月11日登顶')).toEqual([
      { from: '2023', to: '2024' },
      { from: '2019-10', to: '2019-11' },
      { from: '2024-03-06', to: '2024-03-07' },
      { from: '2024-02-11', to: '2024-02-12' },
    ]);
    expect(statedTimes('2023年12月31日，2023年13月，2023年2月30日')).toEqual([
      { from: '2023-12-31', to: '2024-01-01' },
      { from: '2023', to: '2024' },
      { from: '2023-02', to: '2023-03' },
    ]);
  });

  it('reads a month or day without its year in the year last named, else in the page’s', () => {
    expect(statedTimes('2021年5月31日，央行宣布自6月15日起上调', null)).toEqual([
      { from: '2021-05-31', to: '2021-06-01' },
      { from: '2021-06-15', to: '2021-06-16' },
    ]);
    expect(statedTimes('美联储即将于9月20日举行会议', 2022)).toEqual([{ from: '2022-09-20', to: '2022-09-21' }]);
    expect(statedTimes('北京时间3月6日，太阳队获胜', null)).toEqual([]);
  });

  it('a text states a time when a time it spells out lies within it', () => {
    expect(statesTime('2023年，全国55家遗址公园接待游客超6700万人次', { from: '2023', to: '2024' })).toBe(true);
    expect(statesTime('金山办公2023年11月发布', { from: '2023', to: '2024' })).toBe(true);
    expect(statesTime('2023年的数据', { from: '2023-11', to: '2023-12' })).toBe(false);
    expect(statesTime('2022年的数据', { from: '2023', to: '2024' })).toBe(false);
    expect(statesTime('截至2023年6月', { from: '', to: '2023-07' })).toBe(true);
  });
});
