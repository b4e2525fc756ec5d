import type { Answer, AskOptions, Passage, Turn } from '../domain/types.js';
import { analyzeQuestion, type AnalyzedQuestion } from './query/analyze.js';
import type { ChatModel } from '../adapters/chat.js';
import { ApiError } from '../adapters/api-error.js';
import { buildAnswerMessages, buildRewriteMessages } from './synthesizers/prompt.js';
import {
  gatherEvidence,
  missingNames,
  readPassage,
  statesWhatIsAsked,
  type Rarity,
  type ReadPassage,
} from './synthesizers/evidence.js';
import { composeOfflineAnswer, offlineNote, timeNote, type OfflineReason } from './synthesizers/offline.js';
import { resolveCitations, unsupportedNumbers } from './checks/cite.js';
import { REFUSAL, isRefusal } from './synthesizers/refusal.js';
import { inScript, scriptOf, toSimplified } from '../text/script.js';
import type { Log } from '../observe/log.js';
import type { Metrics } from '../observe/metrics.js';

/** The best `depth` passages for an analysed question, best first. */
export type Search = (analysis: AnalyzedQuestion, depth: number, signal?: AbortSignal) => Promise<Passage[]>;

export interface AnswererOptions {
  search: Search;
  rarity: Rarity;
  share: (word: string) => number;
  chat: ChatModel | null;
  timeoutMs: number;
  /** How many passages an offline answer reads. */
  offlineDepth: number;
  /** How many the chat model reads (it cites only what it uses); at least `offlineDepth`. */
  contextDepth: number;
  /**
   * Below this share of the question's weighted terms stated in one place, the reports are taken
   * not to answer the question. A chat model reads paraphrases that word overlap misses, so it
   * gets the passages at a lower bar and may still refuse.
   */
  minCoverage?: { offline: number; llm: number };
  log?: Log;
  metrics?: Metrics;
  /** Today, for questions about "去年的报道" or "最近". */
  now?: () => Date;
}

const DEFAULT_COVERAGE = { offline: 0.47, llm: 0.15 };
const READ_CACHE = 2_000;
/** Less time than this left, the chat model is not asked: it could not answer in time. */
const MIN_CHAT_MS = 200;

/** Question → cited answer, with a chat model when one is configured and offline otherwise. */
export class Answerer {
  /** Passages come back question after question; splitting and segmenting them once saves most of the work. */
  private readonly read = new Map<string, ReadPassage>();

  constructor(private readonly options: AnswererOptions) {}

  private reader = (passage: Passage): ReadPassage => {
    const key = `${passage.id}\n${passage.text}`;
    let read = this.read.get(key);
    if (!read) {
      if (this.read.size >= READ_CACHE) this.read.clear();
      read = readPassage(passage);
      this.read.set(key, read);
    }
    return read;
  };

  /**
   * The pages are printed in simplified characters: a question in traditional ones is read in
   * simplified, and its answer (drafts included) is written back in traditional. Quotes are
   * converted character by character; the passages a citation opens stay as printed.
   */
  async answer(question: string, options: AskOptions = {}): Promise<Answer> {
    if (scriptOf(question) === 'simplified') return this.compose(question, question, options);
    const { onDraft } = options;
    const answer = await this.compose(question, toSimplified(question), {
      ...options,
      history: options.history?.map((turn) => ({
        question: toSimplified(turn.question),
        answer: toSimplified(turn.answer),
      })),
      onDraft: onDraft && ((text) => onDraft(inScript(text, 'traditional'))),
    });
    return { ...answer, text: inScript(answer.text, 'traditional') };
  }

  /** `asked` is what the reader wrote; `question` the same in simplified characters. */
  private async compose(
    asked: string,
    question: string,
    { history = [], onDraft, signal, quick }: AskOptions,
  ): Promise<Answer> {
    // One budget for the whole question: the rewrite, the query's embedding and the answer share
    // LLM_TIMEOUT_MS, so that a slow API costs the reader that long at most, then an offline answer.
    const deadline = Date.now() + this.options.timeoutMs;
    const remaining = () => Math.max(0, deadline - Date.now());
    const budget = AbortSignal.timeout(this.options.timeoutMs);
    const standalone = await this.standaloneQuestion(question, history, remaining, signal);
    const analysis = analyzeQuestion(standalone, this.options.share, asked, (this.options.now ?? (() => new Date()))());
    const { language, script } = analysis;
    const chat = quick ? null : this.options.chat;
    const depth = chat ? Math.max(this.options.offlineDepth, this.options.contextDepth) : this.options.offlineDepth;
    const passages = await this.options.search(analysis, depth, signal ? AbortSignal.any([budget, signal]) : budget);
    const offlinePassages = passages.slice(0, this.options.offlineDepth);
    const evidence = gatherEvidence(analysis.parts, offlinePassages, this.options.rarity, this.reader);
    const minCoverage = this.options.minCoverage ?? DEFAULT_COVERAGE;
    const base = { question: asked, retrieved: passages, language, script };
    const refusal = (mode: Answer['mode'], offlineReason: string | null): Answer => ({
      ...base,
      text: REFUSAL[language],
      mode,
      refused: true,
      citations: [],
      offlineReason,
    });

    let reason: OfflineReason = 'no-model';
    let detail: string | null = chat ? null : 'no language model configured';
    if (quick && this.options.chat) [reason, detail] = ['quick', 'a quick answer: the language model was not asked'];
    if (chat) {
      // Only passages that share almost nothing with the question are kept from the model: its
      // embeddings may have found a paraphrase (微短剧 for "micro-dramas") that words cannot.
      if (evidence.support < minCoverage.llm) return refusal('llm', null);
      try {
        if (remaining() < MIN_CHAT_MS) throw new ApiError('chat', 'timeout', 'no time left for the chat model');
        const text = await chat.complete(buildAnswerMessages(standalone, passages, history, REFUSAL[language]), {
          timeoutMs: remaining(),
          onDelta: onDraft,
          signal,
        });
        if (isRefusal(text)) return refusal('llm', null);
        const cited = resolveCitations(text, passages);
        const unsupported = unsupportedNumbers(cited.text, cited.citations);
        if (cited.citations.length && !unsupported.length)
          return { ...base, ...cited, mode: 'llm', refused: false, offlineReason: null };
        reason = 'unsupported';
        detail = cited.citations.length
          ? `the model stated ${unsupported.join(', ')}, which the cited passages do not contain`
          : 'the model cited no passage';
      } catch (error) {
        // A reader who stopped the answer wants no other one in its place.
        signal?.throwIfAborted();
        this.chatFailed(error, 'answer');
        ({ reason, detail } = describeFailure(error));
      }
    }

    if (evidence.support < minCoverage.offline || analysis.parts[0].asksForUnknown) return refusal('offline', detail);
    const composed = composeOfflineAnswer(evidence, offlinePassages, minCoverage.offline);
    if (analysis.parts.length === 1 && !statesWhatIsAsked(analysis.parts[0], composed.units, this.options.share))
      return refusal('offline', detail);
    if (missingNames(analysis.parts[0].groups, composed.used, this.options.share).length)
      return refusal('offline', detail);
    const cited = resolveCitations(composed.text, offlinePassages);
    const when = analysis.time ? `${timeNote(language, analysis.time, cited.citations)}\n` : '';
    return {
      ...base,
      text: `${offlineNote(language, reason)}\n${when}${cited.text}`,
      citations: cited.citations,
      mode: 'offline',
      refused: false,
      offlineReason: detail,
    };
  }

  private chatFailed(error: unknown, call: 'answer' | 'rewrite'): void {
    const kind = error instanceof ApiError ? error.kind : 'other';
    // A reader's own cancel is not a fault of the API.
    if (kind === 'cancelled') return;
    this.options.metrics?.apiError('chat', kind);
    this.options.log?.warn({ err: error, kind, call }, `the chat model failed (${kind}) on the ${call}`);
  }

  /**
   * A follow-up ("那陇南呢？", "why?") only makes sense with the exchange before it: the chat model
   * rewrites it; offline, a short question is searched together with the previous one.
   */
  private async standaloneQuestion(
    question: string,
    history: Turn[],
    remaining: () => number,
    signal?: AbortSignal,
  ): Promise<string> {
    const last = history.at(-1);
    if (!last) return question;
    if (this.options.chat) {
      try {
        const rewritten = (
          await this.options.chat.complete(buildRewriteMessages(question, history), { timeoutMs: remaining(), signal })
        ).trim();
        if (rewritten && rewritten.length <= question.length * 4 + 200) return rewritten;
      } catch (error) {
        // The heuristic below still gives the follow-up its context.
        this.chatFailed(error, 'rewrite');
      }
    }
    return looksLikeFollowUp(question) ? `${last.question} ${question}` : question;
  }
}

/** Short, or leaning on what was said before: "那陇南呢？", "为什么？", "and in 2025?". */
function looksLikeFollowUp(question: string): boolean {
  const text = question.trim();
  const short = /\p{Script=Han}/u.test(text) ? [...text].length <= 8 : text.split(/\s+/).length <= 4;
  return (
    short ||
    /^(那|那么|还有|另外|再|它|他们|这个|那个|其中)|呢[？?]?$/.test(text) ||
    /^(and|what about|how about|why|so)\b/i.test(text)
  );
}

function describeFailure(error: unknown): { reason: OfflineReason; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.kind === 'timeout')
    return { reason: 'timeout', detail: 'the language model timed out' };
  return { reason: 'error', detail: `the language model failed: ${message.slice(0, 160)}` };
}
