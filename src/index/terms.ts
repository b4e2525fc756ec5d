import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * The compact form's mark. Before it, the counts were gzipped JSON pairs, which a start decoded
 * into a Map: 77 ms and 3.3 MB of heap for the 65,069 words of 50,000 synthetic pages, growing
 * with the vocabulary (a real decade of news has ten times as many words). The compact form is
 * the words sorted and space-separated (a word holds no space: passages' tokens are split on it)
 * after their counts as 32-bit integers, searched in place.
 */
const COMPACT = 'v2:';

/** Sorted words and their counts, as the compact form decodes: looked up by binary search. */
interface SortedCounts {
  words: string[];
  counts: Uint32Array;
}

/**
 * How many passages each word occurs in, for weighing a question's words when answering. Kept
 * with the index (in its manifest) and changed page by page, so a process that opens the index
 * reads one small blob instead of every passage. A process that only reads (the one answering)
 * keeps the sorted form; the first change makes a Map of it.
 */
export class TermCounts {
  private constructor(
    private sorted: SortedCounts | null,
    private map: Map<string, number> | null,
    private passageCount: number,
  ) {}

  static empty(): TermCounts {
    return new TermCounts(null, new Map(), 0);
  }

  /** Reads what `encode` wrote, or the JSON form of indexes built before the compact one. */
  static decode(encoded: string, passages: number): TermCounts {
    if (!encoded) return new TermCounts(null, new Map(), passages);
    if (!encoded.startsWith(COMPACT)) {
      const entries = JSON.parse(gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8')) as Array<
        [string, number]
      >;
      return new TermCounts(null, new Map(entries), passages);
    }
    const bytes = gunzipSync(Buffer.from(encoded.slice(COMPACT.length), 'base64'));
    const size = bytes.readUInt32LE(0);
    // Copied out: the gunzipped buffer's offset need not suit a Uint32Array.
    const counts = new Uint32Array(size);
    for (let i = 0; i < size; i++) counts[i] = bytes.readUInt32LE(4 + i * 4);
    const words = size ? bytes.toString('utf8', 4 + size * 4).split(' ') : [];
    return new TermCounts({ words, counts }, null, passages);
  }

  encode(): string {
    const { words, counts } = this.sorted ?? sortedOf(this.map!);
    const text = Buffer.from(words.join(' '), 'utf8');
    const head = Buffer.alloc(4 + counts.length * 4);
    head.writeUInt32LE(counts.length, 0);
    for (let i = 0; i < counts.length; i++) head.writeUInt32LE(counts[i], 4 + i * 4);
    return COMPACT + gzipSync(Buffer.concat([head, text])).toString('base64');
  }

  get passages(): number {
    return this.passageCount;
  }

  /** Counts one passage's words (its full-text tokens, space-separated) in, or out with -1. */
  count(tokens: string, sign: 1 | -1 = 1): void {
    const counts = this.changeable();
    for (const word of new Set(tokens.split(' '))) {
      if (!word) continue;
      const next = (counts.get(word) ?? 0) + sign;
      if (next > 0) counts.set(word, next);
      else counts.delete(word);
    }
    this.passageCount = Math.max(0, this.passageCount + sign);
  }

  /** Passages that contain the word. */
  of(word: string): number {
    if (this.map) return this.map.get(word) ?? 0;
    const { words, counts } = this.sorted!;
    let low = 0;
    let high = words.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (words[middle] === word) return counts[middle];
      if (words[middle] < word) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  }

  private changeable(): Map<string, number> {
    if (!this.map) {
      const { words, counts } = this.sorted!;
      this.map = new Map(words.map((word, i) => [word, counts[i]]));
      this.sorted = null;
    }
    return this.map;
  }
}

function sortedOf(map: Map<string, number>): SortedCounts {
  const words = [...map.keys()].sort();
  return { words, counts: Uint32Array.from(words, (word) => map.get(word)!) };
}
