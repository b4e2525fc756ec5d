import type { Config } from './config.js';
import type { Embedder } from '../domain/types.js';
import type { Manifest } from '../index/schema.js';
import { createChatModel, type ChatModel } from '../adapters/chat.js';
import { createOfflineEmbedder } from '../ingest/offline-embedder.js';
import { createOpenAIEmbedder, openAIEmbedderId } from '../adapters/embeddings.js';
import { createOpenAITranscriber, type Transcriber } from '../adapters/transcriber.js';

/** EMBEDDING_MODEL value that selects the offline embedder. */
export const OFFLINE_EMBEDDING = 'offline';

/** Network access for the OpenAI-compatible APIs; tests hand in their own. */
type Fetch = typeof fetch | undefined;

/**
 * The offline embedder unless an embeddings key is configured (EMBEDDING_MODEL=offline keeps it
 * offline beside a chat key, for providers without embeddings). The dimension the index recorded
 * saves the start-up probe, so a bot whose embedding API is down still starts and searches words.
 */
export async function createEmbedder(config: Config, fetch: Fetch, index: Manifest | null): Promise<Embedder> {
  if (!config.embeddingApiKey || config.embeddingModel === OFFLINE_EMBEDDING) return createOfflineEmbedder();
  const id = openAIEmbedderId(config.embeddingModel);
  const embedder = createOpenAIEmbedder({
    dim: index?.embedder === id ? index.dim : undefined,
    apiKey: config.embeddingApiKey,
    baseUrl: config.embeddingBaseUrl,
    model: config.embeddingModel,
    batchSize: config.embeddingBatchSize,
    fetch,
    // A question waits for its embedding as it waits for the chat model.
    timeoutMs: config.llmTimeoutMs,
  });
  return embedder.catch((error: Error) => {
    throw new Error(`${error.message} (to index and search without it, set EMBEDDING_MODEL=${OFFLINE_EMBEDDING})`);
  });
}

/** The chat model when a key is configured; without one, answers are offline. */
export function createChat(config: Config, fetch: Fetch): ChatModel | null {
  return config.openaiApiKey
    ? createChatModel({ apiKey: config.openaiApiKey, baseUrl: config.openaiBaseUrl, model: config.chatModel, fetch })
    : null;
}

/** Speech-to-text when TRANSCRIBE_MODEL is set (the configuration made sure of its key). */
export function createTranscriber(config: Config, fetch: Fetch): Transcriber | null {
  return config.transcribeModel
    ? createOpenAITranscriber({
        apiKey: config.transcribeApiKey!,
        baseUrl: config.transcribeBaseUrl,
        model: config.transcribeModel,
        // Someone waits for the reply to a voice message as for an answer.
        timeoutMs: config.llmTimeoutMs,
        fetch,
      })
    : null;
}
