import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { TermCounts } from '../../src/index/terms.js';

function counted(...passages: string[]): TermCounts {
  const terms = TermCounts.empty();
  for (const tokens of passages) terms.count(tokens);
  return terms;
}

describe('word counts kept with the index', () => {
  it('reads back every word and none other from the compact form', () => {
    const terms = counted('青岛 泡菜 出口', '青岛 港口 2024', 'qingdao 青岛 泡菜');
    const read = TermCounts.decode(terms.encode(), terms.passages);
    expect(read.passages).toBe(3);
    expect(['青岛', '泡菜', '出口', '港口', '2024', 'qingdao'].map((word) => read.of(word))).toEqual([
      3, 2, 1, 1, 1, 1,
    ]);
    for (const absent of ['', '0', 'a', '青', '青岛港', '龘', 'zzz']) expect(read.of(absent)).toBe(0);
  });

  it('still reads the JSON form of indexes built before the compact one', () => {
    const old = gzipSync(
      JSON.stringify([
        ['青岛', 2],
        ['泡菜', 1],
      ]),
    ).toString('base64');
    const read = TermCounts.decode(old, 2);
    expect([read.of('青岛'), read.of('泡菜'), read.of('港口')]).toEqual([2, 1, 0]);
  });

  it('changes counts read from the compact form, as a change to the index does', () => {
    const read = TermCounts.decode(counted('青岛 泡菜', '青岛 港口').encode(), 2);
    read.count('青岛 港口', -1);
    read.count('泡菜 出口');
    const again = TermCounts.decode(read.encode(), read.passages);
    expect([again.of('青岛'), again.of('泡菜'), again.of('港口'), again.of('出口')]).toEqual([1, 2, 0, 1]);
    expect(again.passages).toBe(2);
  });

  it('reads an empty index', () => {
    const read = TermCounts.decode(TermCounts.empty().encode(), 0);
    expect([read.passages, read.of('青岛')]).toEqual([0, 0]);
    expect(TermCounts.decode('', 0).of('青岛')).toBe(0);
  });
});
