import type { IndexSummary } from '../domain/types.js';
import { BusyError, UserError } from '../domain/types.js';
import { IndexReader, type IndexSnapshot } from './reader.js';
import type { Manifest } from './schema.js';
import type { Log } from '../observe/log.js';

const FOLLOW_EVERY_MS = 1_000;
/** Queries that started on a replaced snapshot may still be reading it. */
const CLOSE_REPLACED_AFTER_MS = 30_000;

const notBuilt = () => new UserError('index-not-built');
const alreadyRunning = () => new BusyError('index-busy');

export interface ServingOptions {
  uri: string;
  storageOptions: Record<string, string>;
  log: Log;
  now?: () => number;
}

/** What a process embeds questions with; the index must have been built by the same. */
type EmbedderId = { id: string; dim: number };

/**
 * The index this process answers from: the newest commit, followed as other processes (or this
 * one) commit new ones, and the one place that lets one change run at a time.
 */
export class ServingIndex {
  private reader: IndexReader | null = null;
  /** Why the index could not be read when last opened; the next change rebuilds it. */
  private openError: Error | null = null;
  private embedder: EmbedderId | null = null;
  private checkedAt = 0;
  private running: Promise<unknown> | null = null;
  private optimizing: Promise<void> = Promise.resolve();

  constructor(private readonly options: ServingOptions) {}

  /** Opens the newest commit, if there is one; throws (and remembers) when it cannot be read. */
  async open(): Promise<void> {
    try {
      const reader = await IndexReader.open(this.options.uri, this.options.storageOptions);
      const replaced = this.reader;
      // Reopened after a repair: questions that started on the old reader may still be reading it.
      if (replaced) setTimeout(() => replaced.close(), CLOSE_REPLACED_AFTER_MS).unref();
      this.reader = reader;
      this.openError = null;
    } catch (error) {
      this.openError = error as Error;
      throw error;
    }
  }

  /** Questions are embedded with this from now on; an index another embedder built is not served. */
  serveWith(embedder: EmbedderId): void {
    this.embedder = embedder;
  }

  /** What the newest commit records (its embedder among it), when one could be read. */
  get manifest(): Manifest | null {
    return this.reader?.current.manifest ?? null;
  }

  /** Whether any index was committed, even one this process cannot serve (another embedder's). */
  get built(): boolean {
    return this.reader !== null;
  }

  /** Why the index could not be read when last opened, if it could not. */
  get damage(): Error | null {
    return this.openError;
  }

  get ready(): boolean {
    return this.reader !== null && this.mismatch(this.reader.current) === null;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** The newest commit read, even one this process cannot serve (another embedder's). */
  get committed(): IndexSnapshot | null {
    return this.reader?.current ?? null;
  }

  /** The snapshot to answer from, or the reason there is none. */
  current(): IndexSnapshot {
    if (!this.reader) throw this.openError ?? notBuilt();
    const mismatch = this.mismatch(this.reader.current);
    if (mismatch) throw mismatch;
    return this.reader.current;
  }

  /** Moves to a newer commit, checking at most once a second (a check reads the object store). */
  async follow(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.checkedAt < FOLLOW_EVERY_MS) return;
    this.checkedAt = now;
    try {
      if (!this.reader) return await this.open();
      const replaced = await this.reader.refresh();
      if (replaced) setTimeout(() => replaced.close(), CLOSE_REPLACED_AFTER_MS).unref();
    } catch (error) {
      this.options.log.warn({ err: error }, 'could not follow the index');
    }
  }

  /**
   * Runs one change (`reopen`: a repair, whose commit is opened anew). The lock is taken before the first await, so two callers cannot both pass.
   * The promise settles once the change is committed and served, which frees the lock; the job
   * may go on optimizing the indexes after that, and the next change starts after it.
   */
  change(
    job: (onCommitted: (summary: IndexSummary) => Promise<void>) => Promise<IndexSummary>,
    options: { reopen?: boolean } = {},
  ): Promise<IndexSummary> {
    if (this.running) return Promise.reject(alreadyRunning());
    const previous = this.optimizing;
    return new Promise<IndexSummary>((resolve, reject) => {
      let committed = false;
      const onCommitted = async (summary: IndexSummary) => {
        committed = true;
        this.running = null;
        this.checkedAt = 0;
        // A repair may have made its tables anew, whose versions start again from 1: following
        // would take the new manifest's version for the one already served.
        if (options.reopen)
          await this.open().catch((error) =>
            this.options.log.error({ err: error }, 'could not open the rebuilt index'),
          );
        else await this.follow();
        resolve(summary);
      };
      const run = previous.then(() => job(onCommitted));
      this.running = run;
      this.optimizing = run
        .then(
          (summary) => (committed ? undefined : onCommitted(summary)),
          (error: Error) =>
            committed
              ? this.options.log.error(
                  { err: error },
                  'updating the search indexes failed (the change itself is served)',
                )
              : reject(error),
        )
        .finally(() => {
          if (this.running === run) this.running = null;
        });
    });
  }

  /** Waits for a change in progress, including its optimizing. */
  async settle(): Promise<void> {
    await this.optimizing;
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
  }

  private mismatch(snapshot: IndexSnapshot): Error | null {
    const { embedder, dim } = snapshot.manifest;
    const configured = this.embedder;
    if (!configured || (embedder === configured.id && dim === configured.dim)) return null;
    return new UserError('index-embedder-mismatch', {
      built: embedder,
      dim,
      configured: configured.id,
      configuredDim: configured.dim,
    });
  }
}
