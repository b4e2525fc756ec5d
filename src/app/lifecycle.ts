import type { Log } from '../observe/log.js';

/** What takes updates in (long polling, a webhook) once started. */
export interface Running {
  /** Stops taking updates and waits for those taken (and background jobs) to finish. */
  stop(): Promise<void>;
  /** Settles if the bot stops by itself (a runner that gave up, a server that failed). */
  done: Promise<void>;
  /** Work taken and not finished: updates being handled, background index jobs. */
  inHand(): number;
}

export interface LifecycleOptions {
  /** How long the work in hand may take after SIGTERM; orchestrators kill at 10–30 s. */
  graceMs: number;
  log: Log;
}

interface Closer {
  close: () => Promise<void> | void;
  /** Skipped while work is left unfinished: what it may still be writing to stays open. */
  onlyWhenIdle: boolean;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => resolve(signal);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * The process from start to exit: what was opened is closed in the reverse order, once the
 * updates in hand are finished or the grace period is over, whichever comes first.
 */
export class Lifecycle {
  private readonly closers: Closer[] = [];
  private readonly ends: Array<Promise<string>> = [];
  private unfinished = 0;

  constructor(private readonly options: LifecycleOptions) {}

  /** Closed at exit, before what was opened earlier. */
  onClose(close: () => Promise<void> | void, { onlyWhenIdle = false } = {}): void {
    this.closers.push({ close, onlyWhenIdle });
  }

  /** Something whose end (a server that failed) ends the process as a signal would. */
  watch(done: Promise<void>, what: string): void {
    const end = done.then(() => what);
    // Raced in `run`; a failure after the race is over has nobody left to tell.
    end.catch(() => undefined);
    this.ends.push(end);
  }

  /**
   * Until SIGINT, SIGTERM or the bot stopping by itself; then stops taking updates and waits for
   * those in hand, at most the grace period. `onStopping` runs first (health turns not live).
   */
  async run(running: Running, onStopping: () => void): Promise<void> {
    const reason = await Promise.race([untilSignal(), running.done.then(() => 'the bot stopped'), ...this.ends]);
    onStopping();
    this.options.log.info(`${reason}: finishing the updates in hand…`);
    await this.stopWithin(running);
    this.unfinished = running.inHand();
  }

  /** Closes what was opened, newest first; what work left unfinished may still use is left open. */
  async close(): Promise<void> {
    for (const closer of this.closers.splice(0).reverse()) {
      // The process exits without waiting for what did not finish in time.
      if (closer.onlyWhenIdle && this.unfinished > 0) continue;
      await closer.close();
    }
  }

  /**
   * Waits for the updates in hand, at most `graceMs`: a Bot API that does not answer would
   * otherwise hold the process until the orchestrator kills it, with nothing said.
   */
  private async stopWithin(running: Running): Promise<void> {
    const { graceMs, log } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const stopped = running.stop().then(() => 'stopped' as const);
    const result = await Promise.race([stopped, late]);
    clearTimeout(timer);
    if (result === 'late') {
      log.error(
        { dropped: running.inHand(), graceMs },
        `stopped after ${graceMs / 1000} s with ${running.inHand()} update(s) or job(s) unfinished: their replies were dropped (an index change that did not commit is undone by the next one)`,
      );
    }
  }
}
