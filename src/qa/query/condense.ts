import type { Turn } from '../../domain/types.js';
import type { ChatModel } from '../../adapters/chat.js';
import type { Budget } from '../budget.js';
import { buildRewriteMessages } from './rewrite-prompt.js';

/** Makes a follow-up ("那陇南呢？", "why?") a question that stands alone. */
export interface Condenser {
  condense(question: string, history: Turn[], budget: Budget): Promise<string>;
}

/** Short, or leaning on what was said before: "那陇南呢？", "为什么？", "and in 2025?". */
export function looksLikeFollowUp(question: string): boolean {
  const text = question.trim();
  const short = /\p{Script=Han}/u.test(text) ? [...text].length <= 8 : text.split(/\s+/).length <= 4;
  return (
    short ||
    /^(那|那么|还有|另外|再|它|他们|这个|那个|其中)|呢[？?]?$/.test(text) ||
    /^(and|what about|how about|why|so)\b/i.test(text)
  );
}

/**
 * A follow-up only makes sense with the exchange before it: the chat model, when there is one,
 * rewrites it; otherwise (or when it fails) a follow-up is searched together with the previous
 * question. `failed` hears of a chat model that did not answer.
 */
export function createCondenser(chat: ChatModel | null, failed: (error: unknown) => void = () => {}): Condenser {
  return {
    async condense(question, history, budget) {
      const last = history.at(-1);
      if (!last) return question;
      if (chat) {
        try {
          const rewritten = (
            await chat.complete(buildRewriteMessages(question, history), {
              timeoutMs: budget.remaining(),
              signal: budget.stop,
            })
          ).trim();
          if (rewritten && rewritten.length <= question.length * 4 + 200) return rewritten;
        } catch (error) {
          // The heuristic below still gives the follow-up its context.
          failed(error);
        }
      }
      return looksLikeFollowUp(question) ? `${last.question} ${question}` : question;
    },
  };
}
