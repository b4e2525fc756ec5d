/**
 * One time budget for the whole question: the rewrite, the query's embedding and the answer share
 * LLM_TIMEOUT_MS, so that a slow API costs the reader that long at most, then an offline answer.
 */
export interface Budget {
  /** Milliseconds left. */
  remaining(): number;
  /** Ends when the time is up or the reader stops: what searches and embeddings wait on. */
  readonly signal: AbortSignal;
  /** The reader's own stop, which the chat model is given beside its timeout. */
  readonly stop?: AbortSignal;
}

export function startBudget(timeoutMs: number, stop?: AbortSignal): Budget {
  const deadline = Date.now() + timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  return {
    remaining: () => Math.max(0, deadline - Date.now()),
    signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
    stop,
  };
}
