import type { Passage } from '../../domain/types.js';
import type { Postprocessor } from './postprocessor.js';

const PER_ARTICLE = 3;

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
 * Skips a passage that mostly overlaps one already kept (chunks overlap by design), and a fourth
 * passage of one article, which would crowd out other articles.
 */
export function distinctPassages(ranked: Passage[], k: number): Passage[] {
  const kept: Passage[] = [];
  for (const passage of ranked) {
    const sameArticle = kept.filter(
      (other) => other.file === passage.file && other.articleIndex === passage.articleIndex,
    );
    if (sameArticle.length >= PER_ARTICLE) continue;
    if (sameArticle.some((other) => overlap(other, passage) > 0.5)) continue;
    kept.push(passage);
    if (kept.length === k) break;
  }
  return kept;
}

function overlap(a: Passage, b: Passage): number {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return shared <= 0 ? 0 : shared / Math.min(a.end - a.start, b.end - b.start);
}
