import type { IndexSummary } from './types.js';
import { BusyError, UserError } from './types.js';
import { IndexReader, type IndexSnapshot } from './store/index-reader.js';

const FOLLOW_EVERY_MS = 1_000;
/** Queries that started on a replaced snapshot may still be reading it. */
const CLOSE_REPLACED_AFTER_MS = 30_000;

const notBuilt = () => new UserError('the index is not built yet: run npm run ingest', '索引尚未建立：请先运行 npm run ingest');
const alreadyRunning = () => new BusyError('a change to the index is already running; wait for it to finish', '索引正在更新，请等它完成');

export interface ServingOptions {
  uri: string;
  storageOptions: Record<string, string>;
  /** The index must have been built by this embedder: questions are embedded with it. */
  embedder: { id: string; dim: number };
  log: (message: string) => void;
  now?: () => number;
}

/**
 * The index this process answers from: the newest commit, followed as other processes (or this
 * one) commit new ones, and the one place that lets one change run at a time.
 */
export class ServingIndex {
  private reader: IndexReader | null = null;
  private problem: Error | null = null;
  private checkedAt = 0;
  /** The index could not be read when last opened: the next change rebuilds it. */
  damaged = false;
  private running: Promise<unknown> | null = null;
  private optimizing: Promise<void> = Promise.resolve();

  constructor(private readonly options: ServingOptions) {}

  /** Opens the newest commit; afterwards `ready` says whether there is one to serve. */
  async open(): Promise<void> {
    let reader: IndexReader | null;
    try {
      reader = await IndexReader.open(this.options.uri, this.options.storageOptions);
    } catch (error) {
      this.problem = error as Error;
      this.damaged = true;
      throw error;
    }
    this.damaged = false;
    this.reader?.close();
    this.reader = reader;
    this.problem = reader ? this.mismatch(reader.current) : notBuilt();
  }

  /** Whether any index was committed, even one this process cannot serve (another embedder's). */
  get built(): boolean {
    return this.reader !== null;
  }

  get ready(): boolean {
    return this.reader !== null && this.problem === null;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** The snapshot to answer from, or the reason there is none. */
  current(): IndexSnapshot {
    if (this.reader && !this.problem) return this.reader.current;
    throw this.problem ?? notBuilt();
  }

  /** Moves to a newer commit, checking at most once a second (a check reads the object store). */
  async follow(): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    if (now - this.checkedAt < FOLLOW_EVERY_MS) return;
    this.checkedAt = now;
    try {
      if (!this.reader) return await this.open();
      const replaced = await this.reader.refresh();
      if (replaced) {
        this.problem = this.mismatch(this.reader.current);
        setTimeout(() => replaced.close(), CLOSE_REPLACED_AFTER_MS).unref();
      }
    } catch (error) {
      this.options.log(`could not follow the index: ${(error as Error).message}`);
    }
  }

  /**
   * Runs one change. The lock is taken before the first await, so two callers cannot both pass.
   * The promise settles once the change is committed and served, which frees the lock; the job
   * may go on optimizing the indexes after that, and the next change starts after it.
   */
  change(job: (onCommitted: (summary: IndexSummary) => Promise<void>) => Promise<IndexSummary>): Promise<IndexSummary> {
    if (this.running) return Promise.reject(alreadyRunning());
    const previous = this.optimizing;
    return new Promise<IndexSummary>((resolve, reject) => {
      let committed = false;
      const onCommitted = async (summary: IndexSummary) => {
        committed = true;
        this.running = null;
        this.checkedAt = 0;
        await this.follow();
        resolve(summary);
      };
      const run = previous.then(() => job(onCommitted));
      this.running = run;
      this.optimizing = run
        .then(
          (summary) => (committed ? undefined : onCommitted(summary)),
          (error: Error) => (committed ? this.options.log(`updating the search indexes failed (the change itself is served): ${error.message}`) : reject(error)),
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
    const configured = this.options.embedder;
    if (embedder === configured.id && dim === configured.dim) return null;
    return new UserError(
      `the index was built with ${embedder} (${dim} dimensions) but ${configured.id} (${configured.dim}) is configured: run npm run ingest to reindex`,
      `索引由 ${embedder} 建立，当前配置的是 ${configured.id}：请运行 npm run ingest（或 /reindex）重建索引`,
    );
  }
}
