import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/domain/types.js';
import { queryOf } from '../../src/qa/query/query.js';
import { datedFigures } from '../../src/qa/synthesizers/dated.js';
import { gatherEvidence } from '../../src/qa/synthesizers/evidence.js';
import { wordStatistics } from '../../src/qa/words.js';
import { searchTokens } from '../../src/text/segment.js';

/** A report of the pocket parks built so far, printed on `published`. */
function report(published: string, text: string): Passage {
  return {
    id: `${published}:0:0`,
    file: `${published}_05.txt`,
    articleIndex: 0,
    chunkIndex: 0,
    headline: '口袋公园建设提速',
    date: null,
    text,
    start: 0,
    end: text.length,
    score: 1,
    source: { paper: '青岛日报', published, inferred: false, page: '第5版', url: null },
  };
}

const PARKS = [
  report('2024-09-15', '城市更新持续推进。今年以来，青岛市新建口袋公园150个，市民出门见绿。'),
  report('2025-09-15', '城市更新持续推进。今年以来，青岛市新建口袋公园180个，市民出门见绿。'),
  report('2023-09-15', '今年以来，青岛市新建口袋公园120个，市民出门见绿。'),
];

function dated(question: string, passages: Passage[], askedOn = '2025-11-25') {
  const counts = new Map<string, number>();
  for (const passage of passages)
    for (const word of new Set(searchTokens(passage.text))) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = wordStatistics({ of: (word) => counts.get(word) ?? 0, passages: passages.length });
  const query = queryOf(question, words, new Date(`${askedOn}T08:00:00Z`));
  const evidence = gatherEvidence(query.parts, passages, words);
  return datedFigures(query, evidence.parts[0], passages);
}

describe('answers that carry their dates', () => {
  it('gives the latest figure as of the day asked first, then the earlier ones with their dates', () => {
    expect(dated('青岛新建了多少个口袋公园？', PARKS)?.split('\n')).toEqual([
      '截至2025年9月15日，今年以来，青岛市新建口袋公园180个。[2]',
      '此前的报道：',
      '2024年9月15日：今年以来，青岛市新建口袋公园150个。[1]',
      '2023年9月15日：今年以来，青岛市新建口袋公园120个。[3]',
    ]);
    expect(dated('How many pocket parks has Qingdao built?', PARKS)?.split('\n')[0]).toBe(
      'As of 15 September 2025, 今年以来，青岛市新建口袋公园180个。[2]',
    );
  });

  it('reads no report published after the day asked on', () => {
    expect(dated('青岛新建了多少个口袋公园？', PARKS, '2024-12-01')?.split('\n')[0]).toBe(
      '截至2024年9月15日，今年以来，青岛市新建口袋公园150个。[1]',
    );
  });

  it('leaves alone a question that names its time, one figure, and the same figure reprinted', () => {
    expect(dated('青岛2024年新建了多少个口袋公园？', PARKS)).toBeNull();
    expect(dated('去年青岛新建了多少个口袋公园？', PARKS)).toBeNull();
    expect(dated('青岛新建了多少个口袋公园？', PARKS.slice(0, 1))).toBeNull();
    const reprinted = [
      PARKS[0],
      { ...PARKS[0], id: 'again', source: { ...PARKS[0].source!, published: '2024-10-01' } },
    ];
    expect(dated('青岛新建了多少个口袋公园？', reprinted)).toBeNull();
  });

  it('does not date a figure of something else', () => {
    const others = [PARKS[1], report('2024-09-15', '今年以来，青岛市新建学校12所，新增学位1.5万个。')];
    expect(dated('青岛新建了多少个口袋公园？', others)).toBeNull();
  });
});
