import { describe, expect, it } from 'vitest';
import { formatProgress, terminalProgress } from '../../src/cli/progress.js';

describe('ingest progress', () => {
  const at = (pagesDone: number) => ({
    stage: 'embed' as const,
    pagesDone,
    pagesTotal: 4000,
    chunksEmbedded: pagesDone * 29,
  });

  it('counts pages and passages, and estimates the time left from the rate so far', () => {
    expect(formatProgress(at(10), 2_000)).toBe('pages parsed 10/4000 · passages embedded 290');
    expect(formatProgress(at(1000), 10_000)).toBe('pages parsed 1000/4000 · passages embedded 29000 · about 30 s left');
    expect(formatProgress(at(100), 10_000)).toMatch(/about 7 min left$/);
    expect(formatProgress({ ...at(4000), stage: 'store' }, 40_000)).toBe(
      'writing the index (4000 pages, 116000 passages embedded)…',
    );
  });

  it('draws on a terminal only', () => {
    const written: string[] = [];
    const stream = (isTTY: boolean) =>
      ({ isTTY, write: (text: string) => written.push(text) }) as unknown as NodeJS.WriteStream;
    expect(terminalProgress(stream(false))).toBeUndefined();
    let now = 0;
    const draw = terminalProgress(stream(true), () => now)!;
    draw(at(1));
    now = 50;
    draw(at(2));
    now = 200;
    draw({ ...at(3), stage: 'done' });
    expect(written).toHaveLength(2);
    expect(written[1]).toBe('\r\x1b[2Kdone\n');
  });
});
