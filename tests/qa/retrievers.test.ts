import { describe, expect, it, vi } from 'vitest';
import type { Embedder } from '../../src/domain/types.js';
import { queryOf } from '../../src/qa/query/query.js';
import { fullTextRetriever } from '../../src/qa/retrievers/full-text.js';
import { fusedRetriever } from '../../src/qa/retrievers/fused.js';
import { QueryVectors } from '../../src/qa/retrievers/query-vectors.js';
import { vectorRetriever } from '../../src/qa/retrievers/vector.js';
import { everyWord, fakeIndex, passage } from './support/fakes.js';

function fakeEmbedder(options: { fails?: boolean; lexical?: boolean } = {}): Embedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    id: 'fake',
    dim: 2,
    lexical: options.lexical,
    calls,
    embed: async (texts) => {
      calls.push(texts);
      if (options.fails) throw new Error('embedding API down');
      return texts.map(() => new Float32Array([1, 0]));
    },
  };
}

const compound = queryOf('去年青岛备案的重点网络微短剧有几部？占全省多大比例？', everyWord);
const single = queryOf('青岛长护险累计支出多少护理保险资金？', everyWord);
const span = { from: '2024', to: '2025' };

describe('retrievers', () => {
  it('full text: one list per part, four candidates per passage read, within the dates asked', async () => {
    const index = fakeIndex((call) => [passage(`${call.method}:0`)]);
    const lists = await fullTextRetriever.retrieve({ index, query: compound, depth: 5, within: span });
    expect(lists).toHaveLength(3);
    expect(index.calls.map((call) => [call.method, call.limit, call.span])).toEqual([
      ['textSearch', 20, span],
      ['textSearch', 20, span],
      ['textSearch', 20, span],
    ]);
    expect(index.calls[0].query).toBe(compound.parts[0].ftsQuery);
  });

  it('vector: searches each part by its embedding, computed once per query', async () => {
    const embedder = fakeEmbedder();
    const retriever = vectorRetriever(new QueryVectors(embedder));
    const index = fakeIndex();
    await retriever.retrieve({ index, query: compound, depth: 2, within: null });
    await retriever.retrieve({ index, query: compound, depth: 2, within: null });
    expect(embedder.calls).toEqual([compound.parts.map((part) => part.embeddingText)]);
    expect(index.calls.map((call) => call.method)).toEqual(Array(6).fill('vectorSearch'));
  });

  it('fused: words and vectors together, the searches through the queue', async () => {
    let queued = 0;
    const queue = <T>(search: () => Promise<T>) => {
      queued++;
      return search();
    };
    const retriever = fusedRetriever({ vectors: new QueryVectors(fakeEmbedder()), queue });
    const index = fakeIndex();
    await retriever.retrieve({ index, query: single, depth: 5, within: null });
    expect(index.calls.map((call) => [call.method, call.query, call.limit])).toEqual([
      ['hybridSearch', single.parts[0].ftsQuery, 20],
    ]);
    expect(queued).toBe(1);
  });

  it('fused: searches words alone when the question cannot be embedded, and reports it once', async () => {
    const embeddingFailed = vi.fn();
    const retriever = fusedRetriever({ vectors: new QueryVectors(fakeEmbedder({ fails: true }), embeddingFailed) });
    const index = fakeIndex();
    await retriever.retrieve({ index, query: single, depth: 5, within: null });
    await retriever.retrieve({ index, query: single, depth: 5, within: span });
    expect(index.calls.map((call) => call.method)).toEqual(['textSearch', 'textSearch']);
    expect(embeddingFailed).toHaveBeenCalledOnce();
  });

  it('fused: a lexical embedder over a large index is not asked', async () => {
    const embedder = fakeEmbedder({ lexical: true });
    const retriever = fusedRetriever({ vectors: new QueryVectors(embedder) });
    const index = fakeIndex(() => [], { passages: 5_000 });
    await retriever.retrieve({ index, query: single, depth: 5, within: null });
    expect(embedder.calls).toEqual([]);
    expect(index.calls.map((call) => call.method)).toEqual(['textSearch']);
  });

  it('fused: a failing word index is reported and vectors alone answer', async () => {
    const searchFailed = vi.fn();
    const retriever = fusedRetriever({ vectors: new QueryVectors(fakeEmbedder()), events: { searchFailed } });
    const index = fakeIndex(() => [passage('a:0')], { failing: new Set(['hybridSearch']) });
    const lists = await retriever.retrieve({ index, query: single, depth: 5, within: span });
    expect(lists).toEqual([[passage('a:0')]]);
    expect(index.calls.map((call) => [call.method, call.span])).toEqual([
      ['hybridSearch', span],
      ['vectorSearch', span],
    ]);
    expect(searchFailed).toHaveBeenCalledWith(expect.objectContaining({ message: 'hybridSearch failed' }));
  });

  it('fused: without vectors a failing word index is reported and the failure stands', async () => {
    const searchFailed = vi.fn();
    const vectors = new QueryVectors(fakeEmbedder({ fails: true }));
    const retriever = fusedRetriever({ vectors, events: { searchFailed } });
    const index = fakeIndex(() => [], { failing: new Set(['textSearch']) });
    await expect(retriever.retrieve({ index, query: single, depth: 5, within: null })).rejects.toThrow(
      'textSearch failed',
    );
    expect(searchFailed).toHaveBeenCalledOnce();
  });

  it('fused: a search stopped by the reader is not taken for a damaged index', async () => {
    const searchFailed = vi.fn();
    const retriever = fusedRetriever({ vectors: new QueryVectors(fakeEmbedder()), events: { searchFailed } });
    const stop = new AbortController();
    stop.abort();
    const index = fakeIndex(() => [], { failing: new Set(['hybridSearch']) });
    await expect(
      retriever.retrieve({ index, query: single, depth: 5, within: null, signal: stop.signal }),
    ).rejects.toThrow('hybridSearch failed');
    expect(searchFailed).not.toHaveBeenCalled();
  });
});
