import { describe, expect, it } from 'vitest';
import { wordStatistics } from '../../src/qa/words.js';

describe('word statistics', () => {
  const counts = new Map([
    ['青岛', 8],
    ['泡菜', 1],
  ]);
  const words = wordStatistics({ passages: 10, of: (word) => counts.get(word) ?? 0 });

  it('gives the share of passages a word is in', () => {
    expect(words.share('青岛')).toBe(0.8);
    expect(words.share('韩国')).toBe(0);
  });

  it('weighs rare words above common ones, and has no rarity for unused words', () => {
    expect(words.rarity('泡菜')).toBe(words.rarest);
    expect(words.rarity('泡菜')!).toBeGreaterThan(words.rarity('青岛')!);
    expect(words.rarity('韩国')).toBeNull();
  });

  it('reads an empty index without dividing by zero', () => {
    const empty = wordStatistics({ passages: 0, of: () => 0 });
    expect(empty.share('青岛')).toBe(0);
    expect(empty.rarest).toBe(0);
  });
});
