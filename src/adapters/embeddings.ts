import type OpenAI from 'openai';
import { callApi } from './api-call.js';
import { apiError, described, type ApiTarget } from './api-error.js';
import { openaiClient } from './openai-api.js';
import type { Embedder } from '../domain/types.js';

export interface OpenAIEmbedderOptions {
  apiKey: string;
  baseUrl: string | null;
  model: string;
  batchSize: number;
  /** The dimension when it is already known (e.g. from the index): skips the probe request. */
  dim?: number;
  fetch?: typeof fetch;
  /** Retries of a document batch on 408/409/429/5xx, lost connections and timeouts, backing off. */
  maxRetries?: number;
  /** Per attempt. */
  timeoutMs?: number;
}

/** How an index built with this embedder records it. */
export function openAIEmbedderId(model: string): string {
  return `openai:${model}`;
}

/**
 * An embedder over any OpenAI-compatible `/embeddings` endpoint; its calls fail with an ApiError
 * (api 'embedding'). Async because the index needs the dimension before the first batch: unless
 * `dim` is given, a one-word probe is embedded first, which also surfaces a wrong key or base URL
 * at start-up rather than mid-index.
 */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  const client = openaiClient(options);
  const target: ApiTarget = {
    api: 'embedding',
    service: 'embedding API',
    baseUrl: client.baseURL,
    apiKey: options.apiKey,
    keyVariables: 'EMBEDDING_API_KEY (or OPENAI_API_KEY, its fallback)',
    baseUrlVariables: 'EMBEDDING_BASE_URL / OPENAI_BASE_URL',
    model: options.model,
    modelVariable: 'EMBEDDING_MODEL',
  };
  const embedBatch = (texts: string[], dim: number | null, retry: boolean, signal?: AbortSignal) =>
    callApi(
      target,
      { signal, attemptTimeoutMs: options.timeoutMs ?? 60_000, retries: retry ? (options.maxRetries ?? 3) : 0 },
      async (attempt) =>
        readVectors(await requestBatch(client, target.model, texts, attempt), texts.length, dim, target),
    );
  const dim = options.dim ?? (await embedBatch(['青岛'], null, true))[0].length;

  return {
    id: openAIEmbedderId(options.model),
    dim,
    async embed(texts: string[], kind, { signal } = {}): Promise<Float32Array[]> {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += options.batchSize) {
        // A question waiting for its embedding is better served by a word search than by retries.
        vectors.push(
          ...(await embedBatch(texts.slice(start, start + options.batchSize), dim, kind === 'document', signal)),
        );
      }
      return vectors;
    },
  };
}

function requestBatch(client: OpenAI, model: string, texts: string[], signal: AbortSignal): Promise<unknown> {
  // Asking for base64 explicitly makes the client hand back the raw field: its own decoding
  // turns a plain float array (from servers that ignore encoding_format) into silent garbage.
  return client.embeddings.create({ model, input: texts, encoding_format: 'base64' }, { signal });
}

function readVectors(response: unknown, count: number, dim: number | null, target: ApiTarget): Float32Array[] {
  const garbage = (problem: string) =>
    apiError(target, 'garbage', `${described(target)} returned an unusable response: ${problem}`);
  const data = (response as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw garbage('no "data" list');
  if (data.length !== count) throw garbage(`${data.length} embeddings for ${count} texts`);
  const vectors = new Array<Float32Array>(count);
  for (const item of data as Array<{ index?: unknown; embedding?: unknown }>) {
    const index = item?.index;
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= count || vectors[index as number]) {
      throw garbage(`bad or repeated index ${JSON.stringify(index)}`);
    }
    const vector = decodeEmbedding(item.embedding);
    if (!vector || vector.length === 0) throw garbage(`embedding ${index} is not a list of numbers or base64 float32`);
    if (dim !== null && vector.length !== dim)
      throw garbage(`embedding ${index} has ${vector.length} dimensions, expected ${dim}`);
    if (!vector.every(Number.isFinite)) throw garbage(`embedding ${index} contains NaN or infinite values`);
    vectors[index as number] = vector;
  }
  return vectors;
}

function decodeEmbedding(value: unknown): Float32Array | null {
  if (Array.isArray(value)) return value.every((x) => typeof x === 'number') ? Float32Array.from(value) : null;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return null;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length % 4 !== 0) return null;
  // The wire format is little-endian whatever the host is.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
