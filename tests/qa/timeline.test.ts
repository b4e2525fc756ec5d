import { describe, expect, it } from 'vitest';
import type { PageSource, Passage } from '../../src/domain/types.js';
import { timelineOf } from '../../src/qa/timeline.js';
import { fakeIndex, passage } from './support/fakes.js';

const ASKED_ON = new Date('2025-11-25T08:00:00Z');

function dated(published: string | null): PageSource {
  return { paper: null, published, inferred: false, page: null, url: null };
}

/** An index whose full-text search finds `found`, its pages printed on the dates given by file. */
function indexOf(found: Passage[], published: Record<string, string | null>) {
  const index = fakeIndex(() => found);
  index.sources = async () => new Map(Object.entries(published).map(([file, date]) => [file, dated(date)]));
  return index;
}

describe('a timeline of the reports on a topic', () => {
  it('gives one entry per article, by publication date, undated and yearless ones last', async () => {
    const found = [
      passage('b:0', { text: '地铁建设加快推进。青岛地铁6号线今天开通。' }),
      passage('a:0', { text: '去年，青岛地铁运营里程超过300公里。' }),
      passage('c:0', { text: '青岛地铁客流创新高。' }),
      passage('d:0', { text: '青岛地铁新线开工。' }),
      passage('b:0', { id: 'b:0:1', text: '青岛地铁6号线全长30.8公里。', start: 100 }),
    ];
    const index = indexOf(found, { 'a.txt': '2024-01-05', 'b.txt': '2025-06-01', 'c.txt': null, 'd.txt': '--03-02' });
    const { entries } = await timelineOf(index, '青岛地铁', ASKED_ON);
    expect(entries.map((e) => [e.citation.n, e.citation.file, e.published])).toEqual([
      [1, 'a.txt', '2024-01-05'],
      [2, 'b.txt', '2025-06-01'],
      [3, 'c.txt', null],
      [4, 'd.txt', null],
    ]);
    // The article's first sentence that names the topic, of the passages found.
    expect(entries[1].sentence).toBe('青岛地铁6号线今天开通。');
    expect(entries[1].citation.id).toBe('b:0');
    // Nothing published after the day asked on is searched.
    expect(index.calls[0]).toMatchObject({ method: 'textSearch', span: { from: '', to: '2025-11-26', undated: true } });
  });

  it('prefers a statement to a sub-headline, and the topic as written to its words apart', async () => {
    const found = [passage('a:0', { text: '青岛地铁新篇章\n地铁在青岛越修越长。青岛地铁6号线今天开通。' })];
    const { entries } = await timelineOf(indexOf(found, { 'a.txt': '2025-06-01' }), '青岛地铁', ASKED_ON);
    expect(entries.map((e) => e.sentence)).toEqual(['青岛地铁6号线今天开通。']);
  });

  it('leaves out an article no sentence of which names the whole topic', async () => {
    const found = [passage('a:0', { text: '青岛新建口袋公园。地铁站旁绿地增多。' })];
    const { entries } = await timelineOf(indexOf(found, { 'a.txt': '2025-06-01' }), '青岛地铁', ASKED_ON);
    expect(entries).toEqual([]);
  });

  it('finds a page printed in traditional characters, and quotes in the reader’s script', async () => {
    const found = [passage('a:0', { text: '青島地鐵6號線今天開通。' })];
    const published = { 'a.txt': '2025-06-01' };
    const simplified = await timelineOf(indexOf(found, published), '青岛地铁', ASKED_ON);
    expect(simplified.entries.map((e) => e.sentence)).toEqual(['青岛地铁6号线今天开通。']);
    const traditional = await timelineOf(indexOf(found, published), '青島地鐵', ASKED_ON);
    expect(traditional).toMatchObject({ script: 'traditional', language: 'zh' });
    expect(traditional.entries.map((e) => e.sentence)).toEqual(['青島地鐵6號線今天開通。']);
  });
});
