import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * How many passages each word occurs in, for weighing a question's words when answering. Kept
 * with the index (in its manifest) and changed page by page, so a process that opens the index
 * reads one small blob instead of every passage.
 */
export class TermCounts {
  private constructor(
    private readonly counts: Map<string, number>,
    private passageCount: number,
  ) {}

  static empty(): TermCounts {
    return new TermCounts(new Map(), 0);
  }

  /** Reads what `encode` wrote. */
  static decode(encoded: string, passages: number): TermCounts {
    if (!encoded) return new TermCounts(new Map(), passages);
    const entries = JSON.parse(gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8')) as Array<[string, number]>;
    return new TermCounts(new Map(entries), passages);
  }

  encode(): string {
    return gzipSync(JSON.stringify([...this.counts])).toString('base64');
  }

  get passages(): number {
    return this.passageCount;
  }

  /** Counts one passage's words (its full-text tokens, space-separated) in, or out with -1. */
  count(tokens: string, sign: 1 | -1 = 1): void {
    for (const word of new Set(tokens.split(' '))) {
      if (!word) continue;
      const next = (this.counts.get(word) ?? 0) + sign;
      if (next > 0) this.counts.set(word, next);
      else this.counts.delete(word);
    }
    this.passageCount = Math.max(0, this.passageCount + sign);
  }

  /** Passages that contain the word. */
  of(word: string): number {
    return this.counts.get(word) ?? 0;
  }
}
