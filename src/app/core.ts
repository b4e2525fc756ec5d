import pLimit from 'p-limit';
import type { Config } from './config.js';
import type { Embedder, IndexStats, PageInfo, Readiness } from '../domain/types.js';
import type { Core } from '../domain/ports.js';
import { UserError } from '../domain/types.js';
import { failureText } from '../domain/failure.js';
import { StorageAccessError } from '../index/connect.js';
import { articleSource } from '../domain/source.js';
import { ServingIndex } from '../index/serving.js';
import { PageLibrary } from '../index/library.js';
import { inWorkerThread } from '../index/page-work.js';
import { createReranker } from '../adapters/rerank.js';
import { createEngine } from '../qa/create-engine.js';
import type { Engine } from '../qa/engine.js';
import { createTimeline } from '../qa/timeline.js';
import type { ChatModel } from '../adapters/chat.js';
import { ApiError } from '../adapters/api-error.js';
import { VoiceRefusal, type Transcriber } from '../adapters/transcriber.js';
import type { Log } from '../observe/log.js';
import { Metrics } from '../observe/metrics.js';
import { createChat, createEmbedder, createTranscriber } from './apis.js';
import { IndexChanges } from './index-changes.js';
import { processLog } from './log.js';

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

/** What the answerer stands on, built before it. */
interface AnswererParts {
  serving: ServingIndex;
  embedder: Embedder;
  chat: ChatModel | null;
  metrics: Metrics;
  log: Log;
  /** Told of a search that failed, which may mean a damaged index. */
  mend: (error: Error) => void;
}

/**
 * Builds the core from configuration: the serving index (built from SEEDS_DIR on first start),
 * the page library that changes it, and the answerer that reads it.
 */
export async function createCore(config: Config, deps: CoreDeps = {}): Promise<Core> {
  const log = deps.log ?? processLog(config);
  const serving = await openIndex(config, log);
  const embedder = await createEmbedder(config, deps.fetch, serving.manifest);
  serving.serveWith(embedder);
  const chat = createChat(config, deps.fetch);
  const transcriber = createTranscriber(config, deps.fetch);
  const metrics = indexMetrics(serving);
  const work = inWorkerThread(log);
  const library = new PageLibrary(config, serving, embedder, log, work);
  const changes = new IndexChanges(config, serving, library, metrics, log);
  if (deps.buildIfMissing !== false) await changes.prepare();
  const mend = (error: Error) => changes.mend(error);
  const engine = createAnswerer(config, deps, { serving, embedder, chat, metrics, log, mend });

  return {
    metrics,
    ask: (question, options) => engine.answer(question, options),
    // An index not built yet, or built by another embedder, has no examples: /start still greets.
    examples: async (options) => (serving.ready ? engine.examples(options) : []),
    timeline: createTimeline({
      index: serving,
      maxTopicChars: config.maxQuestionChars,
      now: deps.now ?? (() => new Date()),
    }),
    canTranscribe: transcriber !== null,
    transcribe: transcribing(config, transcriber, metrics, log),
    async passage(id) {
      await serving.follow();
      const snapshot = serving.current();
      const chunk = await snapshot.passage(id);
      return (
        chunk && { ...chunk, source: articleSource((await snapshot.sources()).get(chunk.file), chunk.articleIndex) }
      );
    },
    reindex: (options) => changes.reindex(options),
    addPage: (fileName, content, caption) => changes.addPage(fileName, content, caption),
    removePage: (fileName) => changes.removePage(fileName),
    get busy() {
      return serving.busy;
    },
    async pages(): Promise<PageInfo[]> {
      await serving.follow();
      return library.pages();
    },
    stats: () => indexStats(serving, embedder, chat),
    health: () => readiness(serving, mend, log),
    async close() {
      await serving.settle();
      serving.close();
      await work.close();
    },
  };
}

/** The serving index, opened if it can be: a damaged one is derived data, rebuilt by `prepare`. */
async function openIndex(config: Config, log: Log): Promise<ServingIndex> {
  const serving = new ServingIndex({ uri: config.indexUri, storageOptions: config.storageOptions, log });
  try {
    await serving.open();
  } catch (error) {
    // Storage that cannot be used is a setting to fix; a damaged index is derived data, rebuilt
    // at start (or by the reindex that `npm run ingest` runs next).
    if (error instanceof StorageAccessError) throw error;
  }
  return serving;
}

function indexMetrics(serving: ServingIndex): Metrics {
  return new Metrics(async () => {
    if (!serving.ready) return null;
    const snapshot = serving.current();
    return {
      version: snapshot.manifest.chunksVersion,
      passages: snapshot.manifest.passages,
      // Read once per snapshot (citations use it too), not on every scrape.
      pages: (await snapshot.sources()).size,
    };
  });
}

/** The question pipeline on the serving index; it checks a question's limits and counts every outcome. */
function createAnswerer(
  config: Config,
  deps: CoreDeps,
  { serving, embedder, chat, metrics, log, mend }: AnswererParts,
): Engine {
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
  return createEngine({
    index: serving,
    embedder,
    reranker,
    queue: searches,
    events: {
      embeddingFailed(error) {
        const kind = error instanceof ApiError ? error.kind : 'other';
        if (kind !== 'cancelled') metrics.apiError('embedding', kind);
        log.warn({ err: error, kind }, 'query embedding failed, searching words only');
      },
      searchFailed: (error) => mend(error),
      rerankFailed(error) {
        const kind = error instanceof ApiError ? error.kind : 'other';
        if (kind !== 'cancelled') metrics.apiError('rerank', kind);
        log.warn({ err: error, kind }, 'reranking failed; the fused order stands');
      },
    },
    chat,
    offlineDepth: config.topK,
    contextDepth: config.contextK,
    maxQuestionChars: config.maxQuestionChars,
    timeoutMs: config.llmTimeoutMs,
    log,
    metrics,
    now: deps.now,
  });
}

/** Speech to text, with the recording's limits checked first and the API's failures counted. */
function transcribing(config: Config, transcriber: Transcriber | null, metrics: Metrics, log: Log): Core['transcribe'] {
  return async (audio, fileName, { durationSeconds, ...options } = {}) => {
    if (!transcriber) {
      throw new UserError('voice-unavailable');
    }
    if (durationSeconds !== undefined && durationSeconds > config.maxVoiceSeconds) {
      throw new UserError('voice-too-long', { seconds: Math.round(durationSeconds), max: config.maxVoiceSeconds });
    }
    if (audio.length === 0) throw new UserError('voice-empty');
    try {
      return await transcriber.transcribe(audio, fileName, options);
    } catch (error) {
      const kind = error instanceof VoiceRefusal ? error.kind : 'other';
      if (kind !== 'cancelled') metrics.apiError('transcription', kind);
      log.warn({ err: error, kind }, 'transcribing a voice message failed');
      throw error;
    }
  };
}

async function indexStats(serving: ServingIndex, embedder: Embedder, chat: ChatModel | null): Promise<IndexStats> {
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
}

/** Not ready, saying what failed in words (a probe's output is read by many); the error itself is logged. */
function notReady(error: unknown, log: Log): Readiness {
  if (!(error instanceof UserError)) log.warn({ err: error }, 'not ready');
  return { ready: false, reason: failureText(error, 'en') };
}

async function readiness(serving: ServingIndex, mend: (error: Error) => void, log: Log): Promise<Readiness> {
  let snapshot: ReturnType<typeof serving.current>;
  try {
    await serving.follow();
    snapshot = serving.current();
  } catch (error) {
    return notReady(error, log);
  }
  try {
    // A real search: an index that opens but cannot be searched is not ready.
    await snapshot.textSearch('青岛', 1);
    return { ready: true, reason: null };
  } catch (error) {
    mend(error as Error);
    return notReady(error, log);
  }
}
