import pLimit from 'p-limit';
import type { Config } from './config.js';
import type { Core, Embedder, IndexStats, PageInfo } from '../domain/types.js';
import { UserError } from '../domain/types.js';
import { StorageAccessError, explainStorageError, firstLine } from '../index/connect.js';
import type { Manifest } from '../index/schema.js';
import { ServingIndex } from '../index/serving.js';
import type { IndexSnapshot } from '../index/reader.js';
import { pageHash } from '../index/indexer.js';
import { PageLibrary } from '../index/library.js';
import { Retriever } from '../qa/retrievers/retriever.js';
import { RerankError, createReranker } from '../adapters/rerank.js';
import { Answerer } from '../qa/engine.js';
import { createChatModel, type ChatModel } from '../adapters/chat.js';
import { createOfflineEmbedder } from '../ingest/offline-embedder.js';
import { EmbeddingError, createOpenAIEmbedder, openAIEmbedderId } from '../adapters/embeddings.js';
import { TranscriptionError, createOpenAITranscriber, type Transcriber } from '../adapters/transcriber.js';
import { createLog, type Log } from '../observe/log.js';
import { Metrics, type IndexChange, type QuestionOutcome } from '../observe/metrics.js';

/** EMBEDDING_MODEL value that selects the offline embedder. */
export const OFFLINE_EMBEDDING = 'offline';
const SEARCH_CONCURRENCY = 2;

export interface CoreDeps {
  /** Network access for the OpenAI-compatible APIs; tests hand in their own. */
  fetch?: typeof fetch;
  /** Where notices such as "building the index" go; by default standard error, at LOG_LEVEL. */
  log?: Log;
  /** Today, for questions about "去年的报道"; tests fix it. */
  now?: () => Date;
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

/** A stored page's hash is of the pipeline that parsed it: one page tells for all. */
async function indexedByEarlierPipeline(snapshot: IndexSnapshot): Promise<boolean> {
  const [first] = await snapshot.pageList();
  const text = first ? await snapshot.pageText(first.file) : null;
  return text !== null && pageHash(first.file, text) !== first.hash;
}

/**
 * Builds the core from configuration: the serving index (built from SEEDS_DIR on first start),
 * the page library that changes it, and the answerer that reads it.
 */
export async function createCore(config: Config, deps: CoreDeps = {}): Promise<Core> {
  const log = deps.log ?? createLog({ level: config.logLevel, format: config.logFormat });
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
    ? createChatModel({
        apiKey: config.openaiApiKey,
        baseUrl: config.openaiBaseUrl,
        model: config.chatModel,
        fetch: deps.fetch,
      })
    : null;
  const transcriber: Transcriber | null = config.transcribeModel
    ? createOpenAITranscriber({
        apiKey: config.transcribeApiKey!,
        baseUrl: config.transcribeBaseUrl,
        model: config.transcribeModel,
        // Someone waits for the reply to a voice message as for an answer.
        timeoutMs: config.llmTimeoutMs,
        fetch: deps.fetch,
      })
    : null;
  const library = new PageLibrary(config, serving, embedder, log);
  const metrics = new Metrics(async () => {
    if (!serving.ready) return null;
    const snapshot = serving.current();
    return {
      version: snapshot.manifest.chunksVersion,
      passages: snapshot.manifest.passages,
      // Read once per snapshot (citations use it too), not on every scrape.
      pages: (await snapshot.sources()).size,
    };
  });
  /** Times a change to the index for /metrics, whatever its outcome. */
  const timed = async <T>(change: IndexChange, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    let ok = false;
    try {
      const result = await run();
      ok = true;
      return result;
    } finally {
      metrics.indexChange(change, (performance.now() - started) / 1000, ok);
    }
  };

  /** Re-reads the pages while the index as it is goes on answering; one change at a time. */
  const reindexInBackground = (options: { repair?: boolean } = {}) => {
    if (serving.busy) return;
    timed('reindex', () => library.reindex(options)).then(
      (summary) =>
        log.info(
          summary,
          `re-indexed ${summary.pages} pages (${summary.chunks} passages) in ${summary.seconds.toFixed(2)} s`,
        ),
      (error: Error) => log.error({ err: error }, 're-indexing failed; the index as it was goes on serving'),
    );
  };

  // Reads every stored page once (keeping a copy of any that has none): what cannot be read is rebuilt.
  const damage = await library.check();
  if (damage && deps.buildIfMissing !== false) {
    await timed('reindex', () => library.rebuild(damage));
  } else if (!serving.built && deps.buildIfMissing !== false) {
    log.info(`no index at ${config.indexUri} yet; building it from ${config.seedsDir}…`);
    const summary = await timed('reindex', () => library.reindex());
    log.info(
      summary,
      `indexed ${summary.pages} pages, ${summary.articles} articles, ${summary.chunks} chunks in ${summary.seconds.toFixed(2)} s`,
    );
  } else if (deps.buildIfMissing !== false && serving.ready && (await indexedByEarlierPipeline(serving.current()))) {
    // Pages parsed by an earlier version lack what it now reads (publication dates): they are
    // parsed again in the background while the index they are in goes on answering.
    log.info('the pages were indexed by an earlier version: re-indexing them in the background…');
    reindexInBackground();
  }

  /**
   * A search that fails on an index this process could open means a damaged index file (the
   * full-text index's folder deleted or truncated): it is rebuilt from the pages stored with it,
   * while questions go on being answered as well as they can. A rebuild already running (the
   * serving index lets one change run) is not started again.
   */
  const mend = (error: Error) => {
    if (
      serving.busy ||
      explainStorageError(error, config.indexUri, config.storageOptions) instanceof StorageAccessError
    )
      return;
    log.error({ err: error }, 'a search of the index failed: rebuilding it from the pages stored with it');
    reindexInBackground({ repair: true });
  };

  // Index searches are CPU work on a small machine: fifty questions at once all finish late if
  // their searches interleave, while a short queue answers the first ones first. Waits on the
  // embedding API and the chat model are not queued.
  const searches = pLimit(SEARCH_CONCURRENCY);

  const reranker = config.rerankModel
    ? createReranker({
        baseUrl: config.rerankBaseUrl!,
        apiKey: config.rerankApiKey,
        model: config.rerankModel,
        fetch: deps.fetch,
      })
    : null;
  const retriever = new Retriever(() => serving.current(), embedder, {
    events: {
      embeddingFailed(error) {
        const kind = error instanceof EmbeddingError ? error.kind : 'other';
        if (kind !== 'cancelled') metrics.apiError('embedding', kind);
        log.warn({ err: error, kind }, 'query embedding failed, searching words only');
      },
      searchFailed: (error) => mend(error),
      rerankFailed(error) {
        const kind = error instanceof RerankError ? error.kind : 'other';
        if (kind !== 'cancelled') metrics.apiError('rerank', kind);
        log.warn({ err: error, kind }, 'reranking failed; the fused order stands');
      },
    },
    queue: searches,
    reranker,
  });
  const answerer = new Answerer({
    search: (analysis, depth, signal) => retriever.search(analysis, depth, signal),
    offlineDepth: config.topK,
    contextDepth: config.contextK,
    rarity: {
      of: (word) => retriever.rarity(word),
      get rarest() {
        return retriever.rarest;
      },
    },
    share: (word) => retriever.share(word),
    chat,
    timeoutMs: config.llmTimeoutMs,
    log,
    metrics,
    now: deps.now,
  });

  return {
    metrics,
    async ask(question, options) {
      const trimmed = question.trim();
      const length = [...trimmed].length;
      if (!trimmed || length > config.maxQuestionChars) {
        metrics.question('rejected', 0);
        if (!trimmed) throw new UserError('the question is empty', '问题是空的');
        throw new UserError(
          `the question is too long: ${length} characters, at most ${config.maxQuestionChars}`,
          `问题太长：${length} 个字，最多 ${config.maxQuestionChars} 个字`,
        );
      }
      await serving.follow();
      const started = performance.now();
      let outcome: QuestionOutcome = 'error';
      try {
        const answer = await answerer.answer(trimmed, options);
        outcome = answer.refused ? 'refused' : answer.mode === 'llm' ? 'answered' : 'offline';
        return answer;
      } catch (error) {
        // The reader stopped it: no fault of the bot's.
        if (options?.signal?.aborted) outcome = 'stopped';
        throw error;
      } finally {
        metrics.question(outcome, (performance.now() - started) / 1000);
      }
    },

    canTranscribe: transcriber !== null,

    async transcribe(audio, fileName, { durationSeconds, ...options } = {}) {
      if (!transcriber) {
        throw new UserError(
          'voice messages are not transcribed here; please type your question',
          '这里不识别语音消息，请输入文字提问',
        );
      }
      if (durationSeconds !== undefined && durationSeconds > config.maxVoiceSeconds) {
        throw new UserError(
          `the voice message is too long: ${Math.round(durationSeconds)} seconds, at most ${config.maxVoiceSeconds}`,
          `语音太长：${Math.round(durationSeconds)} 秒，最长 ${config.maxVoiceSeconds} 秒`,
        );
      }
      if (audio.length === 0) throw new UserError('the voice message is empty', '语音是空的');
      try {
        return await transcriber.transcribe(audio, fileName, options);
      } catch (error) {
        const kind = error instanceof TranscriptionError ? error.kind : 'other';
        if (kind !== 'cancelled') metrics.apiError('transcription', kind);
        log.warn({ err: error, kind }, 'transcribing a voice message failed');
        throw error;
      }
    },

    async passage(id) {
      await serving.follow();
      const snapshot = serving.current();
      const chunk = await snapshot.passage(id);
      return chunk && { ...chunk, source: (await snapshot.sources()).get(chunk.file) ?? null };
    },

    reindex: (options) => timed('reindex', () => library.reindex(options)),
    addPage: (fileName, content, caption) => timed('add', () => library.addPage(fileName, content, caption)),
    removePage: (fileName) => timed('remove', () => library.removePage(fileName)),
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
        published: [...new Set(pages.flatMap((page) => (page.meta.published ? [page.meta.published] : [])))]
          .sort()
          .reverse(),
      };
    },

    async health() {
      await serving.follow();
      let snapshot: ReturnType<typeof serving.current>;
      try {
        snapshot = serving.current();
      } catch (error) {
        return { ready: false, reason: firstLine(error) };
      }
      try {
        // A real search: an index that opens but cannot be searched is not ready.
        await snapshot.textSearch('青岛', 1);
        return { ready: true, reason: null };
      } catch (error) {
        mend(error as Error);
        return { ready: false, reason: firstLine(error) };
      }
    },

    async close() {
      await serving.settle();
      serving.close();
    },
  };
}
