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

  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}

/**
 * One maintenance job (reindex, adding or removing a page) at a time: the core rebuilds the whole
 * index for each, and a second request while one runs is answered "already running".
 */
export class Maintenance {
  private running = false;

  constructor(
    private readonly tasks: Tasks,
    private readonly log: (message: string) => void,
  ) {}

  get busy(): boolean {
    return this.running;
  }

  /** Starts `job` in the background unless one is running; false when one is. */
  start(job: () => Promise<void>): boolean {
    if (this.running) return false;
    this.running = true;
    this.tasks
      .run(async () => {
        try {
          await job();
        } finally {
          this.running = false;
        }
      })
      .catch((error: unknown) => this.log(`maintenance job failed: ${(error as Error).stack ?? error}`));
    return true;
  }
}
