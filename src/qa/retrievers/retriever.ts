import type { Embedder, Passage } from '../../domain/types.js';
import type { DateSpan, IndexSnapshot } from '../../index/reader.js';
import type { AnalyzedQuestion } from '../query/analyze.js';
import type { Reranker } from '../../adapters/rerank.js';

export type Queue = <T>(search: () => Promise<T>) => Promise<T>;

/** The part of an index snapshot that search needs. */
export type SearchableIndex = Pick<IndexSnapshot, 'hybridSearch' | 'textSearch' | 'vectorSearch' | 'terms' | 'sources'>;

/** What the retriever reports and works around: the caller logs it, counts it, mends the index. */
export interface RetrieverEvents {
  /** The embedding API failed; the question is searched by words only. */
  embeddingFailed?: (error: Error) => void;
  /** A search of the index failed (a damaged full-text index); vectors alone answer if they can. */
  searchFailed?: (error: Error) => void;
  /** The reranker failed or ran out of time; the fused order stands. */
  rerankFailed?: (error: Error) => void;
}

export interface RetrieverOptions {
  events?: RetrieverEvents;
  /** Runs the index searches, e.g. a few at a time; the embedding and rerank calls are not queued. */
  queue?: Queue;
  /** Reorders the fused candidates when configured (RERANK_MODEL). */
  reranker?: Reranker | null;
}

/** Fused candidates a reranker reorders: enough to lift a passage from well below the cut. */
const RERANK_CANDIDATES = 20;

/**
 * From this many passages a lexical embedder's vectors are not searched: measured by `npm run
 * bench` on the question set, they find no more than the word index at 1,000 pages (recall@5
 * 0.68 both) and less at 4,000 (0.65 against 0.68), at three times the cost of a question.
 * Over a few pages they do help (0.97 against 0.94 over the five real pages).
 */
const LEXICAL_VECTORS_MAX_PASSAGES = 5_000;

/** Hybrid search over whichever index snapshot is serving when a question arrives. */
export class Retriever {
  private readonly events: RetrieverEvents;
  private readonly queue: Queue;
  private readonly reranker: Reranker | null;

  /** `index` is asked once per question, so a question is answered from one snapshot. */
  constructor(
    private readonly index: () => SearchableIndex,
    private readonly embedder: Embedder,
    options: RetrieverOptions = {},
  ) {
    this.events = options.events ?? {};
    this.queue = options.queue ?? ((search) => search());
    this.reranker = options.reranker ?? null;
  }

  /** The share of passages a word occurs in. */
  share(word: string): number {
    const { terms } = this.index();
    return terms.of(word) / Math.max(1, terms.passages);
  }

  /** Inverse document frequency; null for a word the pages never use. */
  rarity(word: string): number | null {
    const { terms } = this.index();
    const frequency = terms.of(word);
    return frequency ? Math.log(1 + terms.passages / frequency) : null;
  }

  /** The rarity of a word that occurs in one passage. */
  get rarest(): number {
    return Math.log(1 + this.index().terms.passages);
  }

  /**
   * The question is searched whole and, when it asks several things, part by part; the lists
   * are interleaved so that each part gets its passages (a question about two articles finds both).
   */
  async search(analysis: AnalyzedQuestion, k: number, signal?: AbortSignal): Promise<Passage[]> {
    const index = this.index();
    const wordsOnly = this.embedder.lexical && index.terms.passages >= LEXICAL_VECTORS_MAX_PASSAGES;
    const vectors = wordsOnly
      ? null
      : await this.embedQuery(
          analysis.parts.map((part) => part.embeddingText),
          signal,
        );
    const searchWithin = (span: DateSpan | null) =>
      this.queue(async () => {
        try {
          return await Promise.all(
            analysis.parts.map((part, i) =>
              vectors
                ? index.hybridSearch(vectors[i], part.ftsQuery, k * 4, span)
                : index.textSearch(part.ftsQuery, k * 4, span),
            ),
          );
        } catch (error) {
          if (signal?.aborted) throw error;
          this.events.searchFailed?.(error as Error);
          if (!vectors) throw error;
          return Promise.all(vectors.map((vector) => index.vectorSearch(vector, k * 4, span)));
        }
      });
    // A question about reports of a time is searched among them; when there are none, among all
    // (the answer then says that none is of that time).
    let lists = await searchWithin(analysis.time);
    if (analysis.time && lists.every((list) => !list.length)) lists = await searchWithin(null);
    const found = this.reranker
      ? (
          await this.rerank(
            analysis.question,
            distinctPassages(interleave(lists), Math.max(k, RERANK_CANDIDATES)),
            signal,
          )
        ).slice(0, k)
      : distinctPassages(interleave(lists), k);
    const sources = await index.sources();
    return found.map((passage) => ({ ...passage, source: sources.get(passage.file) ?? null }));
  }

  /** The candidates in the reranker's order, or in the fused order when it fails. */
  private async rerank(question: string, candidates: Passage[], signal?: AbortSignal): Promise<Passage[]> {
    if (candidates.length < 2 || !this.reranker) return candidates;
    try {
      const documents = candidates.map((passage) => `${passage.headline}\n${passage.text}`);
      const scores = await this.reranker.rerank(question, documents, { signal });
      return candidates
        .map((passage, i) => ({ passage, score: scores[i] }))
        .sort((a, b) => b.score - a.score)
        .map(({ passage }) => passage);
    } catch (error) {
      this.events.rerankFailed?.(error as Error);
      return candidates;
    }
  }

  /** An embedding API that is down leaves the full-text index: fewer matches beat no answer. */
  private async embedQuery(texts: string[], signal?: AbortSignal): Promise<Float32Array[] | null> {
    try {
      return await this.embedder.embed(texts, 'query', { signal });
    } catch (error) {
      this.events.embeddingFailed?.(error as Error);
      return null;
    }
  }
}

function interleave(lists: Passage[][]): Passage[] {
  const merged: Passage[] = [];
  const seen = new Set<string>();
  for (let rank = 0; lists.some((list) => rank < list.length); rank++) {
    for (const list of lists) {
      const passage = list[rank];
      if (passage && !seen.has(passage.id)) {
        seen.add(passage.id);
        merged.push(passage);
      }
    }
  }
  return merged;
}

const PER_ARTICLE = 3;

/**
 * Keeps the best passages while skipping near-copies: a passage that mostly overlaps one already
 * kept (chunks overlap by design), and a fourth passage of one article, which would crowd out
 * other articles.
 */
function distinctPassages(ranked: Passage[], k: number): Passage[] {
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
