import { safeUrl } from '../observe/safe-url.js';

/** Relevance of each document to the query, by the document's position in the list given. */
export interface Reranker {
  readonly model: string;
  rerank(query: string, documents: string[], options?: { signal?: AbortSignal }): Promise<number[]>;
}

export class RerankError extends Error {
  override name = 'RerankError';
  constructor(
    message: string,
    readonly kind: 'timeout' | 'cancelled' | 'auth' | 'http' | 'unreachable' | 'garbage',
  ) {
    super(message);
  }
}

export interface RerankerOptions {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  fetch?: typeof fetch;
}

/**
 * The `/rerank` API that Jina, Cohere, vLLM and most Chinese providers serve: a query and
 * documents in, `results: [{index, relevance_score}]` out (TEI's bare `[{index, score}]` is read
 * too). Written by hand: the openai client has no rerank call, and the request is one POST.
 */
export function createReranker(options: RerankerOptions): Reranker {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/rerank`;
  const doFetch = options.fetch ?? fetch;
  const where = `the reranker at ${safeUrl(url)}`;
  return {
    model: options.model,
    async rerank(query, documents, { signal } = {}) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify({ model: options.model, query, documents, top_n: documents.length }),
          signal,
        });
      } catch (error) {
        if (signal?.aborted) {
          const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError';
          throw new RerankError(`${where} did not answer in time`, timedOut ? 'timeout' : 'cancelled');
        }
        throw new RerankError(`${where} cannot be reached (${(error as Error).message})`, 'unreachable');
      }
      if (response.status === 401 || response.status === 403) {
        throw new RerankError(`${where} refused the key (HTTP ${response.status}): check RERANK_API_KEY`, 'auth');
      }
      if (!response.ok) throw new RerankError(`${where} answered HTTP ${response.status}`, 'http');
      const body = (await response.json().catch(() => null)) as unknown;
      return readScores(body, documents.length, where);
    },
  };
}

function readScores(body: unknown, count: number, where: string): number[] {
  const garbage = (problem: string) => new RerankError(`${where} returned an unusable response: ${problem}`, 'garbage');
  const results = Array.isArray(body) ? body : (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) throw garbage('no "results" list');
  const scores = new Array<number>(count).fill(Number.NEGATIVE_INFINITY);
  for (const result of results as Array<Record<string, unknown>>) {
    const index = result?.index;
    const score = result?.relevance_score ?? result?.score;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
      throw garbage(`bad index ${JSON.stringify(index)}`);
    }
    if (typeof score !== 'number' || !Number.isFinite(score)) throw garbage(`bad score for document ${index}`);
    scores[index] = score;
  }
  return scores;
}
