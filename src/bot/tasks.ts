/**
 * Work the bot has taken on and not finished: updates being handled and jobs that outlive their
 * update (a reindex runs in the background so the chat keeps being answered). Stopping waits
 * for all of it, so nothing already taken is lost.
 */
export class Tasks {
  private readonly pending = new Set<Promise<unknown>>();

  run<T>(task: () => Promise<T>): Promise<T> {
    const promise = task();
    this.pending.add(promise);
    const forget = () => this.pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  get size(): number {
    return this.pending.size;
  }

  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
