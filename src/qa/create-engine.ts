import type { ChatModel } from '../adapters/chat.js';
import { ApiError } from '../adapters/api-error.js';
import type { Reranker } from '../adapters/rerank.js';
import type { Embedder } from '../domain/types.js';
import type { Log } from '../observe/log.js';
import type { Metrics } from '../observe/metrics.js';
import { citesAPassage, statesCitedNumbers } from './checks/check.js';
import { Engine, type IndexSource } from './engine.js';
import { distinctSpans } from './postprocessors/distinct.js';
import { interleaveParts } from './postprocessors/interleave.js';
import type { Postprocessor } from './postprocessors/postprocessor.js';
import { RERANK_CANDIDATES, rerank } from './postprocessors/rerank.js';
import { pageSources } from './postprocessors/sources.js';
import { timeWindow } from './postprocessors/time-window.js';
import { createCondenser } from './query/condense.js';
import { fusedRetriever } from './retrievers/fused.js';
import { QueryVectors } from './retrievers/query-vectors.js';
import type { Queue, RetrieverEvents } from './retrievers/retriever.js';
import type { SearchStages } from './search.js';
import { chatSynthesizer } from './synthesizers/chat.js';
import { extractiveSynthesizer } from './synthesizers/extractive.js';
import { cachedReader } from './synthesizers/read-cache.js';

export interface SearchDeps {
  embedder: Embedder;
  /** Reorders the fused candidates when configured (RERANK_MODEL). */
  reranker?: Reranker | null;
  events?: RetrieverEvents;
  /** Runs the index searches, e.g. a few at a time; the embedding and rerank calls are not queued. */
  queue?: Queue;
}

/**
 * Fused retrieval, then: the time window widened when nothing is of it, the parts of a compound
 * question interleaved, one passage per stretch of an article, the reranker's order, page sources.
 */
export function createSearch({ embedder, reranker = null, events = {}, queue }: SearchDeps): SearchStages {
  const retriever = fusedRetriever({ vectors: new QueryVectors(embedder, events.embeddingFailed), events, queue });
  const reordered: Postprocessor[] = reranker
    ? [distinctSpans(RERANK_CANDIDATES), rerank(reranker, events.rerankFailed)]
    : [distinctSpans()];
  return { retriever, postprocessors: [timeWindow(retriever), interleaveParts, ...reordered, pageSources] };
}

export interface EngineDeps extends SearchDeps {
  /** The serving index, followed before each question and read in one snapshot. */
  index: IndexSource;
  chat: ChatModel | null;
  /** LLM_TIMEOUT_MS: the rewrite, the query's embedding and the answer share it. */
  timeoutMs: number;
  /** How many passages an offline answer reads (TOP_K). */
  offlineDepth: number;
  /** How many the chat model reads (CONTEXT_K); it cites only what it uses. */
  contextDepth: number;
  maxQuestionChars: number;
  /**
   * Below this share of the question's weighted terms stated in one place, the reports are taken
   * not to answer the question; the chat model reads paraphrases, so its bar is lower.
   */
  minCoverage?: { offline: number; llm: number };
  log?: Log;
  metrics?: Pick<Metrics, 'question' | 'apiError'>;
  /** Today, for questions about "去年的报道" or "最近". */
  now?: () => Date;
}

const DEFAULT_COVERAGE = { offline: 0.47, llm: 0.15 };

/** The whole question pipeline, built once from its dependencies. */
export function createEngine(deps: EngineDeps): Engine {
  const minCoverage = deps.minCoverage ?? DEFAULT_COVERAGE;
  const chatFailed = (call: 'answer' | 'rewrite') => (error: unknown) => {
    const kind = error instanceof ApiError ? error.kind : 'other';
    // A reader's own cancel is not a fault of the API.
    if (kind === 'cancelled') return;
    deps.metrics?.apiError('chat', kind);
    deps.log?.warn({ err: error, kind, call }, `the chat model failed (${kind}) on the ${call}`);
  };
  return new Engine({
    ...createSearch(deps),
    index: deps.index,
    query: { condenser: createCondenser(deps.chat, chatFailed('rewrite')), now: deps.now ?? (() => new Date()) },
    chat: deps.chat && {
      synthesizer: chatSynthesizer({ chat: deps.chat, minCoverage: minCoverage.llm, failed: chatFailed('answer') }),
      // A model may state what no passage says, or cite nothing.
      checks: [citesAPassage, statesCitedNumbers],
    },
    // Its sentences are the passages' own: only their markers need resolving.
    offline: { synthesizer: extractiveSynthesizer({ minCoverage: minCoverage.offline }), checks: [] },
    reader: cachedReader(),
    offlineDepth: deps.offlineDepth,
    contextDepth: deps.contextDepth,
    // "More detail": twice the passages, so the fuller answer has more to say.
    detailDepth: deps.contextDepth * 2,
    timeoutMs: deps.timeoutMs,
    maxQuestionChars: deps.maxQuestionChars,
    metrics: deps.metrics,
  });
}
