import type { Passage } from '../../domain/types.js';
import type { Postprocessor } from './postprocessor.js';

const PER_ARTICLE = 3;
/** A paragraph break between two chunks: they touch. */
const TOUCHING = 2;

/**
 * One passage per stretch of an article: keeps the best `depth` passages (at least `atLeast`, for
 * a reranker to choose from) of each list while skipping near-copies.
 */
export function distinctSpans(atLeast = 0): Postprocessor {
  return {
    process: async (lists, { depth }) => lists.map((list) => distinctPassages(list, Math.max(depth, atLeast))),
  };
}

/**
 * Skips a passage that mostly overlaps one already kept (chunks overlap by design). A fourth
 * passage of one article would crowd out other articles: it is joined to a kept passage of the
 * article it continues, since the stretch that answers may be cut across chunks, and otherwise skipped.
 */
export function distinctPassages(ranked: Passage[], k: number): Passage[] {
  const kept: Passage[] = [];
  for (const passage of ranked) {
    const sameArticle = kept.filter(
      (other) => other.file === passage.file && other.articleIndex === passage.articleIndex,
    );
    if (sameArticle.some((other) => overlap(other, passage) > 0.5)) continue;
    if (sameArticle.length >= PER_ARTICLE) {
      const continued = sameArticle.find((other) => joined(other, passage));
      if (continued) kept[kept.indexOf(continued)] = joined(continued, passage)!;
      continue;
    }
    kept.push(passage);
    if (kept.length === k) break;
  }
  return kept;
}

function overlap(a: Passage, b: Passage): number {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return shared <= 0 ? 0 : shared / Math.min(a.end - a.start, b.end - b.start);
}

/** `kept` widened by `next` when they overlap or touch in their article, keeping its rank and id. */
function joined(kept: Passage, next: Passage): Passage | null {
  const [first, second] = kept.start <= next.start ? [kept, next] : [next, kept];
  if (second.start > first.end + TOUCHING || second.end <= first.end) return null;
  const text = second.start >= first.end ? `${first.text}\n${second.text}` : overlapped(first.text, second.text);
  return text === null ? null : { ...kept, text, start: first.start, end: second.end };
}

/** Overlapping chunks share whole sentences: the first's text up to where the second's begins. */
function overlapped(first: string, second: string): string | null {
  for (let at = first.indexOf(second[0]); at >= 0; at = first.indexOf(second[0], at + 1)) {
    if (second.startsWith(first.slice(at))) return first.slice(0, at) + second;
  }
  return null;
}
