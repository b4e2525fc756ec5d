import type { ChatModel } from '../../adapters/chat.js';
import { ApiError } from '../../adapters/api-error.js';
import type { OfflineReason } from './offline.js';
import { buildAnswerMessages } from './prompt.js';
import { REFUSAL, isRefusal } from './refusal.js';
import type { Synthesizer } from './synthesizer.js';

/** Less time than this left, the chat model is not asked: it could not answer in time. */
const MIN_CHAT_MS = 200;

export interface ChatSynthesizerOptions {
  chat: ChatModel;
  /**
   * Below this share of the question's weighted terms stated in one place, the reports are taken
   * not to answer. A chat model reads paraphrases that word overlap misses, so its bar is lower
   * than an offline answer's, and it may still refuse.
   */
  minCoverage: number;
  /** Hears of a chat model that failed (not of a reader who stopped it). */
  failed?: (error: unknown) => void;
}

/** The chat model writes the answer from the passages, citing them. */
export function chatSynthesizer({ chat, minCoverage, failed = () => {} }: ChatSynthesizerOptions): Synthesizer {
  return {
    mode: 'llm',
    async synthesize({ query, passages, quoted, budget, detail, onDraft }) {
      // Only passages that share almost nothing with the question are kept from the model: its
      // embeddings may have found a paraphrase (微短剧 for "micro-dramas") that words cannot.
      if (quoted.evidence.support < minCoverage) return { kind: 'refusal', offlineReason: null };
      try {
        if (budget.remaining() < MIN_CHAT_MS) throw new ApiError('chat', 'timeout', 'no time left for the chat model');
        const messages = buildAnswerMessages(
          query.question,
          passages,
          query.history,
          REFUSAL[query.language],
          query.today,
          detail,
        );
        const text = await chat.complete(messages, {
          timeoutMs: budget.remaining(),
          onDelta: onDraft,
          signal: budget.stop,
        });
        if (isRefusal(text)) return { kind: 'refusal', offlineReason: null };
        return { kind: 'draft', text, passages, offlineReason: null };
      } catch (error) {
        // A reader who stopped the answer wants no other one in its place.
        budget.stop?.throwIfAborted();
        failed(error);
        return { kind: 'failed', ...describeFailure(error) };
      }
    },
  };
}

function describeFailure(error: unknown): { reason: OfflineReason; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.kind === 'timeout')
    return { reason: 'timeout', detail: 'the language model timed out' };
  return { reason: 'error', detail: `the language model failed: ${message.slice(0, 160)}` };
}
