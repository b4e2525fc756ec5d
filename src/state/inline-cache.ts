import type { Answer } from '../domain/types.js';

/** Recent inline answers by query: people type the same questions, and Telegram re-asks on every pause. */
export interface InlineCache {
  get(query: string, now: number): Promise<Answer | undefined>;
  set(query: string, answer: Answer, now: number): Promise<void>;
}

/** How long an inline answer is reused: the reports change with a reindex at most. */
export const INLINE_CACHE_MS = 300_000;
const ENTRIES = 500;

/** The newest answers in this process's memory. */
export class MemoryInlineCache implements InlineCache {
  private readonly entries = new Map<string, { at: number; answer: Answer }>();

  async get(query: string, now: number): Promise<Answer | undefined> {
    const hit = this.entries.get(query);
    if (!hit || now - hit.at > INLINE_CACHE_MS) return undefined;
    return hit.answer;
  }

  async set(query: string, answer: Answer, now: number): Promise<void> {
    this.entries.delete(query);
    this.entries.set(query, { at: now, answer });
    if (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
