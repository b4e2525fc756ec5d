import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import type { Core, Embedder, IndexProgress, IndexStats, IndexSummary, PageInfo } from './types.js';
import { UserError } from './types.js';
import { ChunkStore, IndexStoreError, currentVersion, readIndexMeta, type IndexMeta } from './store/lance.js';
import { buildIndex } from './ingest/index.js';
import { checkReportName, decodeReport } from './ingest/report.js';
import { Retriever } from './retrieve/search.js';
import { Answerer } from './answer/answerer.js';
import { createChatModel, type ChatModel } from './answer/chat.js';
import { createOfflineEmbedder } from './embed/offline.js';
import { createOpenAIEmbedder, openAIEmbedderId } from './embed/openai.js';

const alreadyRunning = () => new UserError('a reindex is already running; wait for it to finish', '索引正在重建，请等它完成');

/** EMBEDDING_MODEL value that selects the offline embedder. */
export const OFFLINE_EMBEDDING = 'offline';
const SEARCH_CONCURRENCY = 2;
const POINTER_CHECK_MS = 1_000;

export interface CoreDeps {
  /** Network access for the OpenAI-compatible APIs; tests hand in their own. */
  fetch?: typeof fetch;
  /** Where notices such as "building the index" go. */
  log?: (message: string) => void;
  /** Build the index at once when there is none or it cannot be read (default); `npm run ingest` builds it itself. */
  buildIfMissing?: boolean;
}

/** One index version with the search over it; replaced as a whole when a reindex finishes. */
interface Serving {
  store: ChunkStore;
  retriever: Retriever;
}

/**
 * The offline embedder unless an embeddings key is configured (EMBEDDING_MODEL=offline keeps it
 * offline beside a chat key, for providers without embeddings). The dimension the index recorded
 * saves the start-up probe, so a bot whose embedding API is down still starts and searches words.
 */
async function createEmbedder(config: Config, deps: CoreDeps = {}, index: IndexMeta | null = null): Promise<Embedder> {
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
 * Builds the core from configuration: opens the index (building it on first start, or when the
 * stored one cannot be read: it is derived from SEEDS_DIR, so nothing is lost), and serves
 * questions from it while reindexing builds the next version beside it.
 */
export async function createCore(config: Config, deps: CoreDeps = {}): Promise<Core> {
  const log = deps.log ?? ((message: string) => console.error(message));
  const embedder = await createEmbedder(config, deps, await readIndexMeta(config.dataDir));
  const chat: ChatModel | null = config.openaiApiKey
    ? createChatModel({ apiKey: config.openaiApiKey, baseUrl: config.openaiBaseUrl, model: config.chatModel, fetch: deps.fetch })
    : null;

  // Index searches are CPU work on a small machine: fifty questions at once all finish late if
  // their searches interleave, while a short queue answers the first ones first. Waits on the
  // embedding API and the chat model are not queued.
  const searches = pLimit(SEARCH_CONCURRENCY);
  let serving: Serving | null = null;
  let servingError: Error | null = null;
  let running: Promise<IndexSummary> | null = null;

  const open = async (): Promise<void> => {
    const store = await ChunkStore.open(config.dataDir);
    if (!store) throw new IndexStoreError(`no index in ${config.dataDir}`);
    try {
      const previous = serving;
      const retriever = await Retriever.create(store, embedder, (error) => log(`query embedding failed, searching words only: ${error.message}`), searches);
      serving = { store, retriever };
      servingError = null;
      // Queries that started on the old version may still be reading it.
      if (previous) setTimeout(() => previous.store.close(), 30_000).unref();
    } catch (error) {
      store.close();
      throw error;
    }
  };

  /**
   * `npm run ingest` in another process may have built a newer version: switch to it (checked at
   * most once a second), rather than serve one that build may soon delete.
   */
  let checkedAt = 0;
  const followOtherBuilds = async (): Promise<void> => {
    if (running || Date.now() - checkedAt < POINTER_CHECK_MS) return;
    checkedAt = Date.now();
    const version = await currentVersion(config.dataDir).catch(() => null);
    if (version && version !== serving?.store.version) {
      await open().catch((error: Error) => log(`could not switch to the index ${version}: ${error.message}`));
    }
  };

  /** One change to the index at a time, taken before the first await so two callers cannot both pass. */
  const exclusive = (job: () => Promise<IndexSummary>): Promise<IndexSummary> => {
    if (running) return Promise.reject(alreadyRunning());
    running = job().finally(() => (running = null));
    return running;
  };

  const build = async (onProgress?: (progress: IndexProgress) => void): Promise<IndexSummary> => {
    const summary = await buildIndex({
      seedsDir: config.seedsDir,
      dataDir: config.dataDir,
      embedder,
      maxPageBytes: config.maxUploadBytes,
      batchSize: config.embeddingBatchSize,
      previous: serving?.store ?? null,
      onProgress,
    });
    await open();
    return summary;
  };
  const reindex = (onProgress?: (progress: IndexProgress) => void) => exclusive(() => build(onProgress));

  try {
    await open();
  } catch (error) {
    if (error instanceof UserError || deps.buildIfMissing === false) {
      servingError = error instanceof UserError ? error : new UserError('the index is not built yet: run npm run ingest', '索引尚未建立：请先运行 npm run ingest');
    } else {
      log(`${(error as Error).message}; building the index from ${config.seedsDir}…`);
      const summary = await reindex();
      log(`indexed ${summary.pages} pages, ${summary.articles} articles, ${summary.chunks} chunks in ${summary.seconds.toFixed(2)} s`);
    }
  }

  const current = (): Serving => {
    if (serving && !servingError) return serving;
    throw servingError ?? new UserError('the index is not built yet: run npm run ingest', '索引尚未建立：请先运行 npm run ingest');
  };

  const answerer = new Answerer({
    search: (question) => current().retriever.search(question, config.topK),
    rarity: {
      of: (word) => current().retriever.rarity(word),
      get rarest() {
        return current().retriever.rarest;
      },
    },
    share: (word) => current().retriever.share(word),
    chat,
    timeoutMs: config.llmTimeoutMs,
  });

  /** Swaps a file in SEEDS_DIR and reindexes; if the reindex fails the old file comes back. */
  const changeSeeds = (fileName: string, change: (file: string) => Promise<void>): Promise<IndexSummary> =>
    exclusive(async () => {
      const file = path.join(config.seedsDir, fileName);
      const backupDir = path.join(config.dataDir, 'removed');
      await mkdir(backupDir, { recursive: true });
      const backup = path.join(backupDir, `${fileName}.${Date.now()}`);
      const hadFile = existsSync(file);
      // A copy, not a move: DATA_DIR and SEEDS_DIR may sit on different disks.
      if (hadFile) await copyFile(file, backup);
      await change(file);
      try {
        return await build();
      } catch (error) {
        await (hadFile ? copyFile(backup, file) : rm(file, { force: true })).catch((restore: Error) =>
          log(`could not restore ${file} after a failed reindex (a copy is in ${backup}): ${restore.message}`),
        );
        throw error;
      }
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
      await followOtherBuilds();
      return answerer.answer(trimmed, options);
    },

    async passage(id) {
      await followOtherBuilds();
      return current().store.get(id);
    },

    reindex: (options) => reindex(options?.onProgress),

    async addPage(fileName, content) {
      const name = checkReportName(fileName);
      const text = decodeReport(name, content, config.maxUploadBytes);
      await mkdir(config.seedsDir, { recursive: true });
      return changeSeeds(name, async (file) => {
        const temporary = `${file}.upload.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, file);
      });
    },

    async removePage(fileName) {
      const name = checkReportName(fileName);
      if (!existsSync(path.join(config.seedsDir, name))) {
        throw new UserError(`${name} is not among the indexed pages (see /pages)`, `索引里没有 ${name} 这个版面（见 /pages）`);
      }
      if (current().store.meta.pages.length === 1) {
        throw new UserError(`${name} is the only page: the bot would know nothing`, `${name} 是唯一的版面，删除后将无可回答`);
      }
      return changeSeeds(name, (file) => rm(file));
    },

    async pages(): Promise<PageInfo[]> {
      return current().store.meta.pages.map(({ file, articles, chunks, dates }) => ({ file, articles, chunks, dates }));
    },

    async stats(): Promise<IndexStats> {
      const meta = serving?.store.meta;
      return {
        pages: meta?.pages.length ?? 0,
        articles: meta?.pages.reduce((sum, page) => sum + page.articles, 0) ?? 0,
        chunks: meta?.pages.reduce((sum, page) => sum + page.chunks, 0) ?? 0,
        embedder: meta?.embedder ?? embedder.id,
        dim: meta?.dim ?? embedder.dim,
        chatModel: chat?.model ?? null,
        indexedAt: meta?.indexedAt ?? null,
        dates: [...new Set(meta?.pages.flatMap((page) => page.dates) ?? [])],
      };
    },

    async close() {
      await running?.catch(() => undefined);
      serving?.store.close();
      serving = null;
    },
  };
}
