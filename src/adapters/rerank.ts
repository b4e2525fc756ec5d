import { callApi } from './api-call.js';
import { apiError, described, type ApiTarget } from './api-error.js';
import { openaiClient } from './openai-api.js';

/**
 * Relevance of each document to the query, by the document's position in the list given; a
 * failed call is an ApiError (api 'rerank').
 */
export interface Reranker {
  readonly model: string;
  rerank(query: string, documents: string[], options?: { signal?: AbortSignal }): Promise<number[]>;
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
 * too). The openai client has no rerank call, but posts to any path of an API like OpenAI's.
 * Not retried: the question waits, and the fused order is a fair answer without it.
 */
export function createReranker(options: RerankerOptions): Reranker {
  const client = openaiClient({ ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') });
  const target: ApiTarget = {
    api: 'rerank',
    service: 'rerank API',
    baseUrl: client.baseURL,
    apiKey: options.apiKey,
    keyVariables: 'RERANK_API_KEY',
    baseUrlVariables: 'RERANK_BASE_URL',
    model: options.model,
    modelVariable: 'RERANK_MODEL',
  };
  return {
    model: options.model,
    rerank: (query, documents, { signal } = {}) =>
      callApi(target, { signal }, async (attempt) => {
        const body = await client.post<unknown>('/rerank', {
          body: { model: options.model, query, documents, top_n: documents.length },
          signal: attempt,
        });
        return readScores(body, documents.length, target);
      }),
  };
}

function readScores(body: unknown, count: number, target: ApiTarget): number[] {
  const garbage = (problem: string) =>
    apiError(target, 'garbage', `${described(target)} returned an unusable response: ${problem}`);
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
