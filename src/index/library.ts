import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../app/config.js';
import type { Embedder, IndexProgress, IndexSummary, PageInfo } from '../domain/types.js';
import { UserError } from '../domain/types.js';
import { applyChange, readPagesDir, type ChangeRequest } from './indexer.js';
import { checkReportName, readReport } from '../ingest/report.js';
import { captionHeader } from '../ingest/metadata.js';
import type { ServingIndex } from './serving.js';
import type { Log } from '../observe/log.js';

/**
 * The pages the bot knows: adding, removing and re-reading them, each as one change to the
 * serving index. Pages live with the index (any process serving it sees them); SEEDS_DIR is
 * where a reindex reads pages from, and a removed page's file is moved out of it.
 */
export class PageLibrary {
  constructor(
    private readonly config: Config,
    private readonly serving: ServingIndex,
    private readonly embedder: Embedder,
    private readonly log: Log,
  ) {}

  /**
   * Mirrors `dir` (SEEDS_DIR by default): new and changed pages are indexed, pages gone from it
   * are removed, uploaded pages stay. Without readable pages there, the stored pages are re-read.
   */
  reindex(
    options: { onProgress?: (progress: IndexProgress) => void; dir?: string; repair?: boolean } = {},
  ): Promise<IndexSummary> {
    const dir = options.dir ?? this.config.seedsDir;
    const repair = options.repair ?? this.serving.damage !== null;
    let skipped: IndexSummary['skipped'] = [];
    return this.change(
      repair,
      async () => {
        const read = await readPagesDir(dir, this.config.maxUploadBytes).catch((error: Error) => {
          if (this.serving.built || repair) return { pages: [], skipped: [{ file: dir, reason: error.message }] };
          throw error;
        });
        skipped = read.skipped;
        if (!read.pages.length && !this.serving.built && !repair) {
          const why = skipped.length ? `: ${skipped.map((s) => `${s.file}: ${s.reason}`).join('; ')}` : '';
          throw new UserError('seeds-none-readable', { dir, why });
        }
        return { put: read.pages, mirror: read.pages.length > 0, recheckStored: true };
      },
      options.onProgress,
    ).then((summary) => ({ ...summary, skipped }));
  }

  /** `caption`: what the admin wrote with the file, which may give its date and page. */
  async addPage(fileName: string, content: Uint8Array, caption?: string): Promise<IndexSummary> {
    const file = checkReportName(fileName);
    const read = await readReport(file, content, this.config.maxUploadBytes);
    const text = `${captionHeader(caption, read) ?? ''}${read}`;
    return this.change(false, async () => ({ put: [{ file, text, source: 'upload' }] }));
  }

  /** Removes a page; its text is kept in DATA_DIR/removed/, and its file leaves SEEDS_DIR. */
  removePage(fileName: string): Promise<IndexSummary> {
    let file: string;
    try {
      file = checkReportName(fileName);
    } catch (error) {
      return Promise.reject(error);
    }
    const removedDir = path.join(this.config.dataDir, 'removed');
    let text: string | null = null;
    return this.change(false, async () => {
      text = await this.serving.current().pageText(file);
      if (text === null) throw new UserError('page-not-indexed', { file });
      return { put: [], remove: [file], keepOne: true };
    }).then(async (summary) => {
      await mkdir(removedDir, { recursive: true });
      await writeFile(path.join(removedDir, `${file}.${Date.now()}`), text!);
      const seedsFile = path.join(this.config.seedsDir, file);
      if (existsSync(seedsFile)) {
        // A copy, then a delete: DATA_DIR and SEEDS_DIR may sit on different disks.
        await copyFile(seedsFile, path.join(removedDir, `${file}.seeds.${Date.now()}`))
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
    request: () => Promise<ChangeRequest>,
    onProgress?: (progress: IndexProgress) => void,
  ): Promise<IndexSummary> {
    return this.serving.change(async (onCommitted) =>
      applyChange(await request(), {
        uri: this.config.indexUri,
        storageOptions: this.config.storageOptions,
        embedder: this.embedder,
        batchSize: this.config.embeddingBatchSize,
        onProgress,
        onCommitted,
        repair,
      }),
    );
  }
}
