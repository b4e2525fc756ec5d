import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder, IndexProgress, IndexSummary, PageInfo } from '../domain/types.js';
import { UserError } from '../domain/types.js';
import { applyChange, type ChangeRequest, type PageToIndex } from './indexer.js';
import { checkReportName } from '../ingest/report.js';
import type { PageWork } from './page-work.js';
import { captionHeader } from '../ingest/metadata.js';
import { explainStorageError, firstLine, StorageAccessError } from './connect.js';
import { isObjectStore } from '../domain/index-location.js';
import { folderCopyStore, PageCopies } from './copies.js';
import { s3CopyStore } from './s3-copies.js';
import { checkPageName, isUsableName } from './page-name.js';
import { UnreadableIndexError } from './reader.js';
import type { ServingIndex } from './serving.js';
import type { Log } from '../observe/log.js';
import type { PageSummary } from './schema.js';
import { PIPELINE_VERSION } from './prepare-page.js';
import {
  diskSeedFiles,
  loadSeedsManifest,
  saveSeedsManifest,
  scanSeeds,
  type SeedFiles,
  type SeedsManifest,
  type SeedsScan,
} from './seeds-manifest.js';

/** What the page library reads of the configuration. */
export interface LibrarySettings {
  indexUri: string;
  storageOptions: Record<string, string>;
  dataDir: string;
  seedsDir: string;
  maxUploadBytes: number;
  embeddingBatchSize: number;
}

/**
 * Next to the index: under INDEX_URI/pages/ on S3 (any process serving the index can rebuild
 * it), in DATA_DIR/pages/ for a local index. gs:// and az:// indexes keep theirs in DATA_DIR too.
 */
export function pageCopiesFor(config: Pick<LibrarySettings, 'indexUri' | 'dataDir' | 'storageOptions'>): PageCopies {
  if (isObjectStore(config.indexUri) && /^s3(\+ddb)?:\/\//i.test(config.indexUri))
    return new PageCopies(s3CopyStore(`${config.indexUri}/pages`, config.storageOptions));
  return new PageCopies(folderCopyStore(path.join(config.dataDir, 'pages')));
}

/**
 * The pages the bot knows: adding, removing and re-reading them, each as one change to the
 * serving index. Every page has a durable copy outside the index (`PageCopies`), which the index
 * is rebuilt from when any of its files is damaged; SEEDS_DIR is where a reindex reads pages
 * from, and a removed page's file is moved out of it.
 */
export class PageLibrary {
  /** What `check` found that cannot be read; the next change rebuilds the index. */
  private damage: Error | null = null;

  constructor(
    private readonly config: LibrarySettings,
    private readonly serving: ServingIndex,
    private readonly embedder: Embedder,
    private readonly log: Log,
    /** Reads and parses pages off the thread that answers questions. */
    private readonly work: PageWork,
    private readonly copies: PageCopies = pageCopiesFor(config),
    private readonly seedFiles: SeedFiles = diskSeedFiles,
  ) {}

  /** What the last reindex read from SEEDS_DIR (or the folder it was given), in DATA_DIR. */
  private get seedsManifestFile(): string {
    return path.join(this.config.dataDir, 'seeds-manifest.json');
  }

  /**
   * At start: reads the pages table's names, so a damaged table is found now, and keeps a copy of
   * each page that has none (an index from before copies), reading the text of those pages only:
   * a start reads no page's text in the common case, whatever the archive's size. Returns what
   * cannot be read (the index is then to be rebuilt, see `rebuild`), or null.
   */
  async check(): Promise<Error | null> {
    const snapshot = this.serving.committed;
    if (!snapshot) {
      this.damage = this.serving.damage;
      return this.damage;
    }
    let hasCopy: ((file: string) => boolean) | null = null;
    try {
      hasCopy = await this.copies.listing();
    } catch (error) {
      this.log.error({ err: error }, `the page copies in ${this.copies.where} cannot be listed`);
    }
    try {
      const has = hasCopy;
      const lacking = (await snapshot.pageFiles()).filter((file) => has && !has(file));
      let kept = 0;
      for (let i = 0; i < lacking.length && hasCopy; i += 500) {
        const pages = await snapshot.pageCopies(lacking.slice(i, i + 500));
        await this.copies.keep(pages).then(
          () => (kept += pages.length),
          (error: Error) => {
            this.log.error({ err: error }, `could not keep copies of the pages in ${this.copies.where}`);
            hasCopy = null;
          },
        );
      }
      if (kept) this.log.info(`kept a copy of ${kept} pages that had none in ${this.copies.where}`);
    } catch (error) {
      if (explainStorageError(error, this.config.indexUri, this.config.storageOptions) instanceof StorageAccessError)
        throw error;
      this.damage = new UnreadableIndexError(`the pages table cannot be read: ${firstLine(error)}`, firstLine(error));
      return this.damage;
    }
    return null;
  }

  /** Rebuilds the index from the page copies and SEEDS_DIR, with one log line saying so. */
  async rebuild(damage: Error): Promise<IndexSummary> {
    const summary = await this.reindex({ repair: true });
    const why = damage instanceof UnreadableIndexError ? damage.why : firstLine(damage);
    const what = /pages table/.test(damage.message) ? 'the pages table' : 'the index';
    this.log.warn(
      { ...summary, copies: this.copies.where, seeds: this.config.seedsDir },
      `${what} cannot be read (${why}): rebuilt the index from the page copies in ${this.copies.where} and ${this.config.seedsDir}: ${summary.pages} pages, ${summary.chunks} passages in ${summary.seconds.toFixed(2)} s`,
    );
    return summary;
  }

  /**
   * Mirrors `dir` (SEEDS_DIR by default): new and changed pages are indexed, pages gone from it
   * are removed, uploaded pages stay. A repair also reads every page copy; without readable pages
   * in `dir`, the stored pages (or, for a repair, the copies of pages read from it) are re-read.
   */
  reindex(
    options: { onProgress?: (progress: IndexProgress) => void; dir?: string; repair?: boolean } = {},
  ): Promise<IndexSummary> {
    const dir = options.dir ?? this.config.seedsDir;
    const repair = options.repair ?? (this.serving.damage ?? this.damage) !== null;
    let skipped: IndexSummary['skipped'] = [];
    let seen: SeedsManifest | null = null;
    return this.change(
      repair,
      async (indexed) => {
        const read = await this.scanDir(dir, indexed, repair).catch((error: Error) => {
          if (this.serving.built || repair)
            return { pages: [], unchanged: [], skipped: [{ file: dir, reason: error.message }] };
          throw error;
        });
        skipped = read.skipped;
        if ('manifest' in read && !read.asBefore) seen = read.manifest;
        const mirror = read.pages.length + read.unchanged.length > 0;
        const copies = repair ? await this.copies.all() : { pages: [], unreadable: [] };
        skipped = [...skipped, ...copies.unreadable];
        const fromDir = new Set([...read.pages.map((page) => page.file), ...read.unchanged]);
        const put: PageToIndex[] = [
          ...read.pages,
          ...copies.pages.filter((page) => !fromDir.has(page.file) && (page.source === 'upload' || !mirror)),
        ];
        if (!put.length && !read.unchanged.length && !this.serving.built && !repair) {
          const why = skipped.length ? `: ${skipped.map((s) => `${s.file}: ${s.reason}`).join('; ')}` : '';
          throw new UserError('seeds-none-readable', { dir, why });
        }
        return { put, mirror, recheckStored: true, unchanged: read.unchanged };
      },
      options.onProgress,
    ).then(async (summary) => {
      if (repair) this.damage = null;
      if (seen) await this.keepSeedsManifest(seen);
      return { ...summary, skipped: [...skipped, ...summary.skipped] };
    });
  }

  /** The folder's files, reading only those changed since the last reindex (all of them for a repair). */
  private async scanDir(dir: string, indexed: Map<string, PageSummary>, repair: boolean): Promise<SeedsScan> {
    const scan = await scanSeeds(dir, {
      key: `${PIPELINE_VERSION}:${this.embedder.id}:${this.embedder.dim}`,
      previous: repair ? null : await loadSeedsManifest(this.seedsManifestFile),
      indexed,
      maxBytes: this.config.maxUploadBytes,
      work: this.work,
      files: this.seedFiles,
    });
    this.log.debug(
      { dir, read: scan.pages.length, unchanged: scan.unchanged.length },
      `read ${scan.pages.length} new or changed pages in ${dir}; ${scan.unchanged.length} unchanged`,
    );
    return scan;
  }

  /** A manifest that cannot be written costs the next run its speed, not its result. */
  private async keepSeedsManifest(manifest: SeedsManifest): Promise<void> {
    await saveSeedsManifest(this.seedsManifestFile, manifest).catch((error: Error) =>
      this.log.warn(
        { err: error },
        `could not keep the seeds manifest in ${this.seedsManifestFile}: the next reindex reads every page`,
      ),
    );
  }

  /** `caption`: what the admin wrote with the file, which may give its date and page. */
  async addPage(fileName: string, content: Uint8Array, caption?: string): Promise<IndexSummary> {
    const file = checkReportName(fileName);
    checkPageName(file);
    const read = await this.work.read(file, content, this.config.maxUploadBytes);
    const text = `${captionHeader(caption, read) ?? ''}${read}`;
    return this.change(false, async () => ({ put: [{ file, text, source: 'upload' }] }));
  }

  /**
   * Removes a page. Its text is kept in DATA_DIR/removed/ before the removal is committed, its
   * copy is dropped after, and its file leaves SEEDS_DIR. Any page the index holds can be
   * removed, even one whose name no longer passes the upload check.
   */
  removePage(fileName: string): Promise<IndexSummary> {
    let file: string;
    try {
      file = checkReportName(fileName);
    } catch (error) {
      return Promise.reject(error);
    }
    const removedDir = path.join(this.config.dataDir, 'removed');
    return this.change(false, async () => {
      const text = await this.serving.current().pageText(file);
      if (text === null) throw new UserError('page-not-indexed', { file });
      await this.keepRemoved(removedDir, file, text);
      return { put: [], remove: [file], keepOne: true };
    }).then(async (summary) => {
      const seedsFile = path.join(this.config.seedsDir, file);
      if (existsSync(seedsFile)) {
        // A copy, then a delete: DATA_DIR and SEEDS_DIR may sit on different disks.
        await copyFile(seedsFile, path.join(removedDir, removedName(file, 'seeds')))
          .then(() => rm(seedsFile))
          .catch((error: Error) =>
            this.log.warn(
              { err: error, file },
              `${file} was removed from the index but stays in ${this.config.seedsDir}: the next reindex brings it back`,
            ),
          );
      }
      return summary;
    });
  }

  /** The removal goes on only once the page's text is kept. */
  private async keepRemoved(dir: string, file: string, text: string): Promise<void> {
    const name = removedName(file, 'text');
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, name), text);
    } catch (error) {
      this.log.error({ err: error, file }, `could not keep the text of a page being removed in ${dir}`);
      throw new UserError('page-copy-failed');
    }
    if (!name.startsWith(file)) this.log.info({ file, kept: name }, `the removed page's text is kept as ${name}`);
  }

  async pages(): Promise<PageInfo[]> {
    const pages = await this.serving.current().pageList();
    // Newest first; pages whose year is unknown after those whose year is known.
    return pages
      .map(({ file, articles, chunks, dates, source, meta }) => ({ file, articles, chunks, dates, source, meta }))
      .sort((a, b) => (b.meta.published ?? '').localeCompare(a.meta.published ?? '') || a.file.localeCompare(b.file));
  }

  /** One change through the serving index's lock; `request` is worked out once the lock is held. */
  private change(
    repair: boolean,
    request: (indexed: Map<string, PageSummary>) => Promise<ChangeRequest>,
    onProgress?: (progress: IndexProgress) => void,
  ): Promise<IndexSummary> {
    return this.serving.change(
      async (onCommitted) =>
        applyChange(request, {
          uri: this.config.indexUri,
          storageOptions: this.config.storageOptions,
          embedder: this.embedder,
          batchSize: this.config.embeddingBatchSize,
          onProgress,
          onCommitted,
          repair,
          copies: this.copies,
          log: this.log,
          work: this.work,
        }),
      { reopen: repair },
    );
  }
}

/**
 * A removed page's text, under its own name with the time after it, or under a name made from its
 * hash when its own cannot be a file name (one an index took before names were checked).
 */
function removedName(file: string, kind: 'text' | 'seeds'): string {
  const stamp = `${kind === 'seeds' ? 'seeds.' : ''}${Date.now()}`;
  if (isUsableName(file)) return `${file}.${stamp}`;
  const hash = createHash('sha256').update(file).digest('hex').slice(0, 16);
  return `page-${hash}${path.extname(file).slice(0, 8)}.${stamp}`;
}
