import type { Config } from './config.js';
import type { IndexProgress, IndexSummary } from '../domain/types.js';
import { StorageAccessError, explainStorageError } from '../index/connect.js';
import type { IndexSnapshot } from '../index/reader.js';
import { pageHash } from '../index/indexer.js';
import type { PageLibrary } from '../index/library.js';
import type { ServingIndex } from '../index/serving.js';
import type { Log } from '../observe/log.js';
import type { IndexChange, Metrics } from '../observe/metrics.js';

export interface ReindexOptions {
  onProgress?: (progress: IndexProgress) => void;
  dir?: string;
  repair?: boolean;
}

/** The reindex running now: whoever asks for the same one meanwhile is told its progress and its result. */
interface RunningReindex {
  dir: string | undefined;
  summary: Promise<IndexSummary>;
  listeners: Set<(progress: IndexProgress) => void>;
}

/** A stored page's hash is of the pipeline that parsed it: one page tells for all. */
async function indexedByEarlierPipeline(snapshot: IndexSnapshot): Promise<boolean> {
  const page = await snapshot.onePage();
  return page !== null && pageHash(page.file, page.text) !== page.hash;
}

/**
 * The changes the core makes to its index, each timed for /metrics. The serving index runs one
 * at a time and refuses a second, except that a reindex asked for while the same one runs joins
 * it: two admins, or an admin and a repair, need one run, not two, nor a refusal.
 */
export class IndexChanges {
  private running: RunningReindex | null = null;

  constructor(
    private readonly config: Config,
    private readonly serving: ServingIndex,
    private readonly library: PageLibrary,
    private readonly metrics: Metrics,
    private readonly log: Log,
  ) {}

  reindex(options: ReindexOptions = {}): Promise<IndexSummary> {
    const running = this.running;
    if (running && running.dir === options.dir) return this.join(running, options.onProgress);
    const listeners = new Set(options.onProgress ? [options.onProgress] : []);
    const summary = this.timed('reindex', () =>
      this.library.reindex({
        ...options,
        onProgress: (progress) => {
          for (const listener of listeners) listener(progress);
        },
      }),
    );
    const started: RunningReindex = { dir: options.dir, summary, listeners };
    this.running = started;
    const forget = () => {
      if (this.running === started) this.running = null;
    };
    summary.then(forget, forget);
    return summary;
  }

  addPage(fileName: string, content: Uint8Array, caption?: string): Promise<IndexSummary> {
    return this.timed('add', () => this.library.addPage(fileName, content, caption));
  }

  removePage(fileName: string): Promise<IndexSummary> {
    return this.timed('remove', () => this.library.removePage(fileName));
  }

  /**
   * At start: builds a missing index from SEEDS_DIR, rebuilds a damaged one from the page copies and SEEDS_DIR, or
   * re-reads in the background pages an earlier version parsed.
   */
  async prepare(): Promise<void> {
    // Reads every stored page once (keeping a copy of any that has none): what cannot be read is rebuilt.
    const damage = await this.library.check();
    if (damage) {
      await this.timed('reindex', () => this.library.rebuild(damage));
    } else if (!this.serving.built) {
      this.log.info(`no index at ${this.config.indexUri} yet; building it from ${this.config.seedsDir}…`);
      const summary = await this.reindex();
      this.log.info(
        summary,
        `indexed ${summary.pages} pages, ${summary.articles} articles, ${summary.chunks} chunks in ${summary.seconds.toFixed(2)} s`,
      );
    } else if (this.serving.ready && (await indexedByEarlierPipeline(this.serving.current()))) {
      // Pages parsed by an earlier version lack what it now reads (publication dates): they are
      // parsed again in the background while the index they are in goes on answering.
      this.log.info('the pages were indexed by an earlier version: re-indexing them in the background…');
      this.inBackground();
    }
  }

  /**
   * A search that fails on an index this process could open means a damaged index file (the
   * full-text index's folder deleted or truncated): it is rebuilt from the pages stored with it,
   * while questions go on being answered as well as they can. A rebuild already running (the
   * serving index lets one change run) is not started again.
   */
  mend(error: Error): void {
    if (
      this.serving.busy ||
      explainStorageError(error, this.config.indexUri, this.config.storageOptions) instanceof StorageAccessError
    )
      return;
    this.log.error({ err: error }, 'a search of the index failed: rebuilding it from the pages stored with it');
    this.inBackground({ repair: true });
  }

  /** Re-reads the pages while the index as it is goes on answering. */
  private inBackground(options: { repair?: boolean } = {}): void {
    if (this.serving.busy) return;
    this.reindex(options).then(
      (summary) =>
        this.log.info(
          summary,
          `re-indexed ${summary.pages} pages (${summary.chunks} passages) in ${summary.seconds.toFixed(2)} s`,
        ),
      (error: Error) => this.log.error({ err: error }, 're-indexing failed; the index as it was goes on serving'),
    );
  }

  private join(running: RunningReindex, onProgress?: (progress: IndexProgress) => void): Promise<IndexSummary> {
    if (onProgress) {
      running.listeners.add(onProgress);
      const forget = () => running.listeners.delete(onProgress);
      running.summary.then(forget, forget);
    }
    return running.summary;
  }

  /** Times a change to the index for /metrics, whatever its outcome. */
  private async timed<T>(change: IndexChange, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let ok = false;
    try {
      const result = await run();
      ok = true;
      return result;
    } finally {
      this.metrics.indexChange(change, (performance.now() - started) / 1000, ok);
    }
  }
}
