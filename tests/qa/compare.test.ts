import { describe, expect, it } from 'vitest';
import { comparedEvents } from '../../src/qa/query/compare.js';
import { analyzeParts } from '../../src/qa/query/analyze.js';

describe('events a question compares in time', () => {
  it.each([
    ['世界园艺博览会开幕和地铁8号线通车哪个事件更早发生？', ['世界园艺博览会开幕', '地铁8号线通车']],
    ['胶州湾隧道通车与青岛港自动化码头投产是在同一年吗？', ['胶州湾隧道通车', '青岛港自动化码头投产']],
    [
      '崂山风景区免门票、上合峰会召开、青岛西站启用，哪个事件发生得最早？',
      ['崂山风景区免门票', '上合峰会召开', '青岛西站启用'],
    ],
    ['以下哪项最早发生？1、青岛啤酒节开幕。2、胶东机场转场。', ['青岛啤酒节开幕', '胶东机场转场']],
    ['中华人民共和国成立和联合国成立哪个更早？', ['中华人民共和国成立', '联合国成立']],
    [
      '以下事件中哪个发生在最早：青岛啤酒节开幕、胶东机场转场还是地铁8号线通车？',
      ['青岛啤酒节开幕', '胶东机场转场', '地铁8号线通车'],
    ],
    ['哪一起事件最早？1.青岛啤酒节开幕，2.胶东机场转场', ['青岛啤酒节开幕', '胶东机场转场']],
  ])('%s', (question, events) => {
    expect(comparedEvents(question)).toEqual(events);
  });

  it.each([['青岛和烟台哪个城市更大？'], ['青岛卖了多少农产品？'], ['地铁和公交哪个最早？']])(
    'none in %s: no comparison in time, or no event named',
    (question) => {
      expect(comparedEvents(question)).toEqual([]);
    },
  );

  it('searches each event as a part of the question, after the whole', () => {
    const parts = analyzeParts('世界园艺博览会开幕和地铁8号线通车哪个事件更早发生？', () => 0.01);
    expect(parts.map((part) => part.text)).toEqual([
      '世界园艺博览会开幕和地铁8号线通车哪个事件更早发生？',
      '世界园艺博览会开幕',
      '地铁8号线通车',
    ]);
  });
});
