import { describe, expect, it } from 'vitest';
import { namedTime, numberOf } from '../../src/qa/query/relative-time.js';
import {
  leaningOf,
  reportedBy,
  searchedDates,
  timeOf,
  withoutRelativeTime,
  withoutTimeScope,
} from '../../src/qa/query/time.js';

// A Friday.
const askedOn = new Date('2024-08-30T00:00:00Z');

describe('times a question names, resolved against the day it is asked on', () => {
  it.each([
    ['去年7月苹果发布了什么？', '2023-07', '2023-08'],
    ['上周谁当选了主席？', '2024-08-19', '2024-08-26'],
    ['上上周发生了什么', '2024-08-12', '2024-08-19'],
    ['年初出台了哪些政策', '2024-01', '2024-03'],
    ['去年年底的失业率是多少', '2023-11', '2024-01'],
    ['截至上周有多少人报名？', '', '2024-08-26'],
    ['三年前谁获得了冠军？', '2021', '2022'],
    ['两年多前发布了什么意见？', '2022', '2023'],
    ['前年夏天哪里发了洪水', '2022-06', '2022-09'],
    ['五年前六月美国提交了什么修正案？', '2019-06', '2019-07'],
    ['五年前的本月中美就哪项协议达成一致？', '2019-08', '2019-09'],
    ['上个月谁辞职了？', '2024-07', '2024-08'],
    ['四个月前有多少人滞留？', '2024-04', '2024-05'],
    ['昨天袁弘庆祝了什么？', '2024-08-29', '2024-08-30'],
    ['十二天前的比赛比分是多少', '2024-08-18', '2024-08-19'],
    ['2023年4月20日有哪些团体敦促欧盟？', '2023-04-20', '2023-04-21'],
    ['2020年春运开始当天发生了什么', '2020', '2021'],
    ['What did Apple release last July?', '2024-07', '2024-08'],
    ['What happened last September?', '2023-09', '2023-10'],
    ['Which team won this spring?', '2024-03', '2024-06'],
    ['What was built two years ago?', '2022', '2023'],
    ['Who resigned 3 months ago?', '2024-05', '2024-06'],
  ])('%s → %s to %s', (question, from, to) => {
    expect(leaningOf(question, askedOn)).toMatchObject({ from, to });
  });

  it('reads a time named across the turn of a year', () => {
    const january = new Date('2025-01-10T00:00:00Z');
    expect(leaningOf('上个月发生了什么', january)).toMatchObject({ from: '2024-12', to: '2025-01' });
    expect(leaningOf('上周发生了什么', january)).toMatchObject({ from: '2024-12-30', to: '2025-01-06' });
    expect(leaningOf('What happened this winter?', january)).toMatchObject({ from: '2024-12', to: '2025-03' });
    expect(leaningOf('What happened last December?', january)).toMatchObject({ from: '2024-12', to: '2025-01' });
  });

  it.each([
    ['青岛泡菜现在一吨卖多少钱，比去年涨了多少'],
    ['同比去年增长了多少'],
    ['谁是青岛市长？'],
    ['7月的会议在哪里开？'],
  ])('no time: %s', (question) => {
    expect(leaningOf(question, askedOn)).toBeNull();
  });

  it('asks about the reports of a time when the time qualifies them', () => {
    expect(timeOf('上周的新闻说了什么', askedOn)).toMatchObject({ from: '2024-08-19', to: '2024-08-26' });
    expect(timeOf('前年的报道有哪些', askedOn)).toMatchObject({ from: '2022', to: '2023' });
    expect(timeOf("What was in last week's news?", askedOn)).toMatchObject({ from: '2024-08-19', to: '2024-08-26' });
    expect(timeOf('去年7月苹果发布了什么？', askedOn)).toBeNull();
    expect(timeOf('去年的报道说了什么', askedOn)).toMatchObject({ zh: '去年（2023年）' });
  });

  it('leaves out the words that choose the reports, not the time a question asks about', () => {
    expect(withoutTimeScope('2024年9月的报道里，制造业企业数字化转型有什么新办法？', askedOn)).toBe(
      '制造业企业数字化转型有什么新办法？',
    );
    expect(withoutTimeScope('上周的新闻说了哪些项目？', askedOn)).toBe('说了哪些项目？');
    expect(withoutTimeScope('2024年青岛卖了多少农产品？', askedOn)).toBe('2024年青岛卖了多少农产品？');
    expect(withoutTimeScope('去年的报道', askedOn)).toBe('去年的报道');
  });

  it('leaves out a time counted back from today, which no report states, but not one a report says', () => {
    expect(withoutRelativeTime('五年前特朗普针对哪个国家发表了声明？', askedOn)).toBe('特朗普针对哪个国家发表了声明？');
    expect(withoutRelativeTime('今年“三民”评议为什么多请了企业代表？', askedOn)).toBe(
      '今年“三民”评议为什么多请了企业代表？',
    );
    expect(withoutRelativeTime('2023年5月9日上海申花的比赛结果是什么？', askedOn)).toBe(
      '2023年5月9日上海申花的比赛结果是什么？',
    );
  });

  it('names the earliest time in the question', () => {
    expect(namedTime('去年和今年相比', askedOn)).toMatchObject({ from: '2023', words: '去年' });
  });

  it('reads Chinese numerals', () => {
    expect([
      numberOf('三'),
      numberOf('两'),
      numberOf('十'),
      numberOf('十二'),
      numberOf('二十三'),
      numberOf('12'),
    ]).toEqual([3, 2, 10, 12, 23, 12]);
    expect(numberOf('千')).toBeNaN();
  });
});

describe('the dates a search reads', () => {
  it('never after the day asked on, undated pages included', () => {
    expect(searchedDates(null, askedOn)).toEqual({ from: '', to: '2024-08-31', undated: true });
  });

  it('a time, cut at the day asked on', () => {
    expect(searchedDates(leaningOf('今年发生了什么', askedOn), askedOn)).toEqual({ from: '2024', to: '2024-08-31' });
    expect(searchedDates(leaningOf('去年发生了什么', askedOn), askedOn)).toEqual({ from: '2023', to: '2024' });
  });
});

describe('when the reports of a time come out', () => {
  it.each([
    ['2023年中国汽车总销量是多少？', '2023', '2024-04'],
    ['2023年12月谁被判刑？', '2023-12', '2024-02'],
    ['去年7月苹果发布了什么？', '2023-07', '2023-09'],
    ['2023年4月20日有哪些团体敦促欧盟？', '2023-04-20', '2023-04-24'],
  ])('%s: %s to %s', (question, from, to) => {
    expect(reportedBy(leaningOf(question, askedOn)!)).toMatchObject({ from, to });
  });
});
