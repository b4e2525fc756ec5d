import { describe, expect, it } from 'vitest';
import { resolveCitations, unsupportedNumbers } from '../../src/qa/checks/cite.js';
import type { Passage } from '../../src/domain/types.js';

const passage = (id: string, text: string): Passage => ({
  id,
  file: `${id}.txt`,
  articleIndex: 0,
  chunkIndex: 0,
  headline: `headline ${id}`,
  date: '2月27日',
  text,
  start: 0,
  end: text.length,
  score: 1,
});
const passages = [
  passage('a', '2024年,青岛市累计帮销中西部地区农特产品50.1亿元。'),
  passage('b', '青岛规划备案重点网络微短剧62部,占全省50%以上。'),
  passage('c', '青岛汉缆已经提供了2000余公里的海底电力电缆。'),
];

describe('resolveCitations', () => {
  it('drops markers that refer to no passage and renumbers the rest by first mention', () => {
    const { text, citations } = resolveCitations('微短剧62部[2]，帮销50.1亿元[1]，另见[7]。', passages);
    expect(text).toBe('微短剧62部[1]，帮销50.1亿元[2]，另见。');
    expect(citations.map((c) => [c.n, c.id])).toEqual([
      [1, 'b'],
      [2, 'a'],
    ]);
    expect(citations[0].text).toBe(passages[1].text);
  });

  it('splits grouped and full-width markers and does not repeat a source', () => {
    const { text, citations } = resolveCitations('两项数字［1，3］，再次提到[3][1]。', passages);
    expect(text).toBe('两项数字[1][2]，再次提到[2][1]。');
    expect(citations.map((c) => c.id)).toEqual(['a', 'c']);
  });

  it('returns no citations for text without markers', () => {
    expect(resolveCitations('报道中没有找到这个问题的答案。', passages).citations).toEqual([]);
  });
});

describe('unsupportedNumbers', () => {
  const cite = (text: string) => resolveCitations(text, passages);

  it('accepts numbers that stand in a cited passage, with or without thousands separators', () => {
    const { text, citations } = cite('Qingdao Hanlan supplied over 2,000 km of cable [3]; 62 dramas, over 50% [2].');
    expect(unsupportedNumbers(text, citations)).toEqual([]);
  });

  it('flags a number that no cited passage contains, even if another passage does', () => {
    const { text, citations } = cite('帮销金额为60.1亿元，备案62部[1]。');
    expect(unsupportedNumbers(text, citations)).toEqual(['60.1', '62']);
  });

  it('does not take a number for a part of a longer one', () => {
    const { text, citations } = cite('帮销50亿元[1]。');
    expect(unsupportedNumbers(text, citations)).toEqual(['50']);
  });
});
