import pLimit from 'p-limit';
import type { Config } from './config.js';
import type { Core, Embedder, IndexStats, PageInfo } from './types.js';
import { UserError } from './types.js';
import { StorageAccessError } from './store/connect.js';
import type { Manifest } from './store/schema.js';
import { ServingIndex } from './serving.js';
import { PageLibrary } from './library.js';
import { Retriever } from './retrieve/search.js';
import { Answerer } from './answer/answerer.js';
import { createChatModel, type ChatModel } from './answer/chat.js';
import { createOfflineEmbedder } from './embed/offline.js';
import { createOpenAIEmbedder, openAIEmbedderId } from './embed/openai.js';

/** EMBEDDING_MODEL value that selects the offline embedder. */
export const OFFLINE_EMBEDDING = 'offline';
const SEARCH_CONCURRENCY = 2;

export interface CoreDeps {
  /** Network access for the OpenAI-compatible APIs; tests hand in their own. */
  fetch?: typeof fetch;
  /** Where notices such as "building the index" go. */
  log?: (message: string) => void;
  /** Build the index at once when there is none or it cannot be read (default); `npm run ingest` builds it itself. */
  buildIfMissing?: boolean;
}

/**
 * The offline embedder unless an embeddings key is configured (EMBEDDING_MODEL=offline keeps it
 * offline beside a chat key, for providers without embeddings). The dimension the index recorded
 * saves the start-up probe, so a bot whose embedding API is down still starts and searches words.
 */
async function createEmbedder(config: Config, deps: CoreDeps = {}, index: Manifest | null = null): Promise<Embedder> {
  if (!config.embeddingApiKey || config.embeddingModel === OFFLINE_EMBEDDING) return createOfflineEmbedder();
  const id = openAIEmbedderId(config.embeddingModel);
  const embedder = createOpenAIEmbedder({
    dim: index?.embedder === id ? index.dim : undefined,
    apiKey: config.embeddingApiKey,
    baseUrl: config.embeddingBaseUrl,
    model: config.embeddingModel,
    batchSize: config.embeddingBatchSize,
    fetch: deps.fetch,
    // A question waits for its embedding as it waits for the chat model.
    timeoutMs: config.llmTimeoutMs,
  });
  return embedder.catch((error: Error) => {
    throw new Error(`${error.message} (to index and search without it, set EMBEDDING_MODEL=${OFFLINE_EMBEDDING})`);
  });
}

/**
 * Builds the core from configuration: the serving index (built from SEEDS_DIR on first start),
 * the page library that changes it, and the answerer that reads it.
 */
export async function createCore(config: Config, deps: CoreDeps = {}): Promise<Core> {
  const log = deps.log ?? ((message: string) => console.error(message));
  const serving = new ServingIndex({ uri: config.indexUri, storageOptions: config.storageOptions, log });
  try {
    await serving.open();
  } catch (error) {
    // Storage that cannot be used is a setting to fix; a damaged index is derived data, rebuilt
    // below (or by the reindex that `npm run ingest` runs next).
    if (error instanceof StorageAccessError) throw error;
  }
  const embedder = await createEmbedder(config, deps, serving.manifest);
  serving.serveWith(embedder);
  const chat: ChatModel | null = config.openaiApiKey
    ? createChatModel({ apiKey: config.openaiApiKey, baseUrl: config.openaiBaseUrl, model: config.chatModel, fetch: deps.fetch })
    : null;
  const library = new PageLibrary(config, serving, embedder, log);
  if (!serving.built && deps.buildIfMissing !== false) {
    const damage = serving.damage;
    log(damage ? `${damage.message}; rebuilding it from the pages stored with it and ${config.seedsDir}…` : `no index at ${config.indexUri} yet; building it from ${config.seedsDir}…`);
    const summary = await library.reindex();
    log(`indexed ${summary.pages} pages, ${summary.articles} articles, ${summary.chunks} chunks in ${summary.seconds.toFixed(2)} s`);
  }

  // Index searches are CPU work on a small machine: fifty questions at once all finish late if
  // their searches interleave, while a short queue answers the first ones first. Waits on the
  // embedding API and the chat model are not queued.
  const searches = pLimit(SEARCH_CONCURRENCY);
  const retriever = new Retriever(
    () => serving.current(),
    embedder,
    (error) => log(`query embedding failed, searching words only: ${error.message}`),
    searches,
  );
  const answerer = new Answerer({
    search: (question, signal) => retriever.search(question, config.topK, signal),
    rarity: {
      of: (word) => retriever.rarity(word),
      get rarest() {
        return retriever.rarest;
      },
    },
    share: (word) => retriever.share(word),
    chat,
    timeoutMs: config.llmTimeoutMs,
  });

  return {
    async ask(question, options) {
      const trimmed = question.trim();
      if (!trimmed) throw new UserError('the question is empty', '问题是空的');
      if ([...trimmed].length > config.maxQuestionChars) {
        const length = [...trimmed].length;
        throw new UserError(
          `the question is too long: ${length} characters, at most ${config.maxQuestionChars}`,
          `问题太长：${length} 个字，最多 ${config.maxQuestionChars} 个字`,
        );
      }
      await serving.follow();
      return answerer.answer(trimmed, options);
    },

    async passage(id) {
      await serving.follow();
      return serving.current().passage(id);
    },

    reindex: (options) => library.reindex(options),
    addPage: (fileName, content) => library.addPage(fileName, content),
    removePage: (fileName) => library.removePage(fileName),
    get busy() {
      return serving.busy;
    },

    async pages(): Promise<PageInfo[]> {
      await serving.follow();
      return library.pages();
    },

    async stats(): Promise<IndexStats> {
      await serving.follow();
      const snapshot = serving.ready ? serving.current() : null;
      const pages = snapshot ? await snapshot.pageList() : [];
      return {
        pages: pages.length,
        articles: pages.reduce((sum, page) => sum + page.articles, 0),
        chunks: snapshot?.manifest.passages ?? 0,
        embedder: snapshot?.manifest.embedder ?? embedder.id,
        dim: snapshot?.manifest.dim ?? embedder.dim,
        chatModel: chat?.model ?? null,
        indexedAt: snapshot?.manifest.indexedAt ?? null,
        dates: [...new Set(pages.flatMap((page) => page.dates))],
      };
    },

    async close() {
      await serving.settle();
      serving.close();
    },
  };
}
