import type { Embedder } from '../../domain/types.js';
import type { Query } from '../query/query.js';

/**
 * The query's embeddings, one per part, computed once per question however often it is searched;
 * null when the embedding API failed (`failed` hears of it once), so that words alone are searched.
 */
export class QueryVectors {
  private readonly computed = new WeakMap<Query, Promise<Float32Array[] | null>>();

  constructor(
    readonly embedder: Embedder,
    private readonly failed: (error: Error) => void = () => {},
  ) {}

  of(query: Query, signal?: AbortSignal): Promise<Float32Array[] | null> {
    let vectors = this.computed.get(query);
    if (!vectors) {
      vectors = this.embed(query, signal);
      this.computed.set(query, vectors);
    }
    return vectors;
  }

  /** An embedding API that is down leaves the full-text index: fewer matches beat no answer. */
  private async embed(query: Query, signal?: AbortSignal): Promise<Float32Array[] | null> {
    try {
      return await this.embedder.embed(
        query.parts.map((part) => part.embeddingText),
        'query',
        { signal },
      );
    } catch (error) {
      this.failed(error as Error);
      return null;
    }
  }
}
