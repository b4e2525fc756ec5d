import type { PageSource, Passage } from '../../../src/domain/types.js';
import type { ArticleShelf } from '../../../src/qa/newest-articles.js';
import type { SearchableIndex } from '../../../src/qa/retrievers/retriever.js';
import type { WordStatistics } from '../../../src/qa/words.js';

/** Every word used by the pages, in few passages. */
export const everyWord: WordStatistics = { share: () => 0.01, rarity: () => 1, rarest: 1 };

export function passage(id: string, overrides: Partial<Passage> = {}): Passage {
  return {
    id,
    file: `${id.split(':')[0]}.txt`,
    articleIndex: Number(id.split(':')[1] ?? 0),
    chunkIndex: 0,
    headline: `headline ${id}`,
    date: null,
    text: `text of ${id}`,
    start: 0,
    end: 100,
    score: 1,
    ...overrides,
  };
}

export interface IndexCall {
  method: 'hybridSearch' | 'textSearch' | 'vectorSearch';
  query: string | null;
  limit: number;
  span: unknown;
}

/**
 * An index snapshot that answers every search with `found(call)` and records the calls; its pages
 * are those `shelf` prints, where each passage's page was published.
 */
export function fakeIndex(
  found: (call: IndexCall) => Passage[] = () => [],
  options: {
    passages?: number;
    failing?: Set<IndexCall['method']>;
    shelf?: { sources: Map<string, PageSource>; passages: Passage[] };
  } = {},
): SearchableIndex & ArticleShelf & { calls: IndexCall[] } {
  const calls: IndexCall[] = [];
  const answer = async (call: IndexCall) => {
    calls.push(call);
    if (options.failing?.has(call.method)) throw new Error(`${call.method} failed`);
    return found(call);
  };
  return {
    calls,
    hybridSearch: (_vector, query, limit, span) => answer({ method: 'hybridSearch', query, limit, span }),
    textSearch: (query, limit, span) => answer({ method: 'textSearch', query, limit, span }),
    vectorSearch: (_vector, limit, span) => answer({ method: 'vectorSearch', query: null, limit, span }),
    terms: { passages: options.passages ?? 10, of: () => 1 } as unknown as SearchableIndex['terms'],
    sources: async () => options.shelf?.sources ?? new Map(),
    passagesOf: async (files) => (options.shelf?.passages ?? []).filter((passage) => files.includes(passage.file)),
  };
}
