import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Chunk, Embedder, IndexProgress, IndexSummary } from '../domain/types.js';
import { UserError } from '../domain/types.js';
import { IndexWriter } from './writer.js';
import type { PageCopies } from './copies.js';
import type { Log } from '../observe/log.js';
import type { Manifest, PageRecord, PageSummary, StoredChunk } from './schema.js';
import { indexableText } from '../text/segment.js';
import { readPage } from '../ingest/articles.js';
import { chunkArticle } from '../ingest/chunk.js';
import { isReportName, readReport } from '../ingest/report.js';

/** Bump when parsing or chunking changes, so unchanged pages are re-chunked anyway. */
const PIPELINE_VERSION = '6';
/** Pages parsed, embedded and written together: bounds an ingest's memory, whatever the archive's size. */
const PASSAGES_PER_WRITE = 4_000;
const DEFAULT_BATCH = 64;

export interface PageInput {
  file: string;
  text: string;
  source: PageRecord['source'];
}

/** What a change asks for; the pages already indexed decide what is actually written. */
export interface ChangeRequest {
  /** Pages to have in the index: new and changed ones are indexed, unchanged ones left as they are. */
  put: PageInput[];
  remove?: string[];
  /** Remove every page mirrored from SEEDS_DIR that `put` no longer has (a reindex of the folder). */
  mirror?: boolean;
  /** Also re-read pages that `put` does not name and re-index those an older pipeline indexed. */
  recheckStored?: boolean;
  /** Refuse the change if it would leave the index with no pages. */
  keepOne?: boolean;
}

export interface ChangeOptions {
  uri: string;
  storageOptions: Record<string, string>;
  embedder: Embedder;
  batchSize?: number;
  onProgress?: (progress: IndexProgress) => void;
  /** Called once the change is committed, before the indexes are optimized. */
  onCommitted?: (summary: IndexSummary) => Promise<void> | void;
  now?: () => Date;
  /** The index could not be read: rebuild it from whatever pages can still be read, and `put`. */
  repair?: boolean;
  /**
   * The pages' durable copies: those of pages (re)indexed are written before the commit, so no
   * commit holds a page without one; those of pages removed are deleted after it.
   */
  copies?: PageCopies;
  log?: Log;
}

export function pageHash(file: string, text: string): string {
  return createHash('sha256')
    .update(PIPELINE_VERSION)
    .update('\0')
    .update(file)
    .update('\0')
    .update(text)
    .digest('hex');
}

/**
 * Applies one change to the index: pages removed, pages (re)indexed in bounded batches, then one
 * commit. Anything that fails before the commit is undone and the previous commit keeps serving.
 */
export async function applyChange(request: ChangeRequest, options: ChangeOptions): Promise<IndexSummary> {
  const started = Date.now();
  const writer = await IndexWriter.begin({
    uri: options.uri,
    storageOptions: options.storageOptions,
    embedder: options.embedder.id,
    dim: options.embedder.dim,
    now: options.now,
    repair: options.repair,
  });
  let manifest: Manifest;
  let plan: Plan;
  let embedded = 0;
  const report = (stage: IndexProgress['stage'], pagesDone: number): void =>
    options.onProgress?.({ stage, pagesDone, pagesTotal: plan.toIndex.length, chunksEmbedded: embedded });
  try {
    plan = await planChange(writer, request);
    if (plan.keptPages === 0 && request.keepOne) {
      throw new UserError('index-would-be-empty');
    }
    await writer.removePages(plan.toDelete);
    let pagesDone = 0;
    let pending: Array<{ record: PageRecord; chunks: Chunk[] }> = [];
    let pendingPassages = 0;
    const flush = async () => {
      const stored = await embedChunks(
        pending.flatMap((page) => page.chunks),
        options.embedder,
        options.batchSize ?? DEFAULT_BATCH,
        (done) =>
          options.onProgress?.({
            stage: 'embed',
            pagesDone,
            pagesTotal: plan.toIndex.length,
            chunksEmbedded: embedded + done,
          }),
      );
      embedded += stored.length;
      const byFile = new Map<string, StoredChunk[]>(pending.map(({ record }) => [record.file, []]));
      for (const chunk of stored) byFile.get(chunk.file)!.push(chunk);
      await writer.addPages(pending.map(({ record }) => ({ record, chunks: byFile.get(record.file)! })));
      pending = [];
      pendingPassages = 0;
    };
    for (const page of plan.toIndex) {
      const parsed = parseReport(page);
      for (const warning of parsed.warnings) options.log?.warn({ file: page.file }, `${page.file}: ${warning}`);
      pending.push(parsed);
      pendingPassages += parsed.chunks.length;
      report('parse', ++pagesDone);
      if (pendingPassages >= PASSAGES_PER_WRITE) await flush();
    }
    await flush();
    report('store', pagesDone);
    await options.copies?.keep(plan.toIndex);
    manifest = await writer.commit();
  } catch (error) {
    // Only before the commit: after it, the change is what the manifest names and is served.
    await writer.rollback().catch(() => undefined);
    writer.close();
    throw error;
  }
  try {
    const pages = await writer.basePages();
    await dropCopies(plan, pages, options);
    const summary: IndexSummary = {
      pages: pages.length,
      articles: pages.reduce((sum, page) => sum + page.articles, 0),
      chunks: manifest.passages,
      embedded,
      seconds: (Date.now() - started) / 1000,
      skipped: [],
    };
    await options.onCommitted?.(summary);
    report('optimize', plan.toIndex.length);
    await writer.maintain();
    report('done', plan.toIndex.length);
    return { ...summary, seconds: (Date.now() - started) / 1000 };
  } finally {
    writer.close();
  }
}

/** A copy left behind would bring its page back with the next rebuild: said in the log. */
async function dropCopies(plan: Plan, pages: PageSummary[], options: ChangeOptions): Promise<void> {
  const indexed = new Set(pages.map((page) => page.file));
  const gone = plan.toDelete.filter((file) => !indexed.has(file));
  await options.copies
    ?.drop(gone)
    .catch((error: Error) =>
      options.log?.warn(
        { err: error, files: gone },
        `removed ${gone.length} pages from the index but not all their copies in ${options.copies?.where}: a rebuild would bring them back`,
      ),
    );
}

interface Plan {
  toDelete: string[];
  toIndex: PageInput[];
  keptPages: number;
}

/**
 * Which pages to delete and which to (re)index. Most of an archive changing at once (another
 * embedder, a new pipeline version) writes a new passages table instead of changing rows.
 */
async function planChange(writer: IndexWriter, request: ChangeRequest): Promise<Plan> {
  const base = new Map((await writer.basePages()).map((page) => [page.file, page]));
  const removed = new Set(request.remove ?? []);
  const put = new Map(request.put.filter((page) => !removed.has(page.file)).map((page) => [page.file, page]));
  const kept = [...base.values()].filter(
    (page) => !removed.has(page.file) && !put.has(page.file) && !(request.mirror && page.source === 'seeds'),
  );
  const keptFiles = new Set(kept.map((page) => page.file));
  const keptPages = (texts: Map<string, string>, which: (page: PageSummary, text: string) => boolean): PageInput[] =>
    kept.flatMap((page) => {
      const text = texts.get(page.file);
      return text !== undefined && which(page, text) ? [{ file: page.file, text, source: page.source }] : [];
    });

  const changed = [...put.values()].filter((page) => base.get(page.file)?.hash !== pageHash(page.file, page.text));
  const texts =
    request.recheckStored || writer.isFresh ? await writer.storedTexts([...keptFiles]) : new Map<string, string>();
  const stale = keptPages(texts, (page, text) => pageHash(page.file, text) !== page.hash);
  if (!writer.isFresh && base.size > 1 && changed.length + stale.length > base.size / 2) writer.startFresh();

  if (writer.isFresh) {
    const stored = texts.size || !keptFiles.size ? texts : await writer.storedTexts([...keptFiles]);
    return {
      toDelete: [...base.keys()],
      toIndex: [...put.values(), ...keptPages(stored, () => true)],
      keptPages: kept.length + put.size,
    };
  }
  const toIndex = [...changed, ...stale];
  const reindexed = new Set(toIndex.map((page) => page.file));
  const toDelete = [...base.keys()].filter((file) => reindexed.has(file) || (!keptFiles.has(file) && !put.has(file)));
  return { toDelete, toIndex, keptPages: kept.length + put.size };
}

/** Every report in a folder, decoded; files that cannot be read are listed with the reason. */
export async function readPagesDir(
  dir: string,
  maxBytes: number,
): Promise<{ pages: PageInput[]; skipped: IndexSummary['skipped'] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isReportName).sort();
  } catch {
    throw new UserError('seeds-dir-unreadable', { dir });
  }
  const pages: PageInput[] = [];
  const skipped: IndexSummary['skipped'] = [];
  for (const file of names) {
    try {
      pages.push({
        file,
        text: await readReport(file, await readFile(path.join(dir, file)), maxBytes),
        source: 'seeds',
      });
    } catch (error) {
      skipped.push({ file, reason: (error as Error).message });
    }
  }
  return { pages, skipped };
}

function parseReport(page: PageInput): { record: PageRecord; chunks: Chunk[]; warnings: string[] } {
  const { source, articles, articleSources, warnings } = readPage(page.file, page.text);
  const chunks = articles.flatMap((article) =>
    chunkArticle(article).map((chunk) => ({ ...chunk, source: { ...source, ...articleSources[article.index] } })),
  );
  const dates = [...new Set(articles.map((article) => article.date).filter((date): date is string => Boolean(date)))];
  return {
    record: {
      file: page.file,
      hash: pageHash(page.file, page.text),
      articles: articles.length,
      chunks: chunks.length,
      dates,
      source: page.source,
      meta: articleSources.some((own) => Object.keys(own).length) ? { ...source, articles: articleSources } : source,
      text: page.text,
    },
    chunks,
    warnings,
  };
}

/** What the embedder and the full-text index see: the headline gives a chunk its topic. */
function searchableText(chunk: Chunk): string {
  return `${chunk.headline}\n${chunk.text}`;
}

async function embedChunks(
  chunks: Chunk[],
  embedder: Embedder,
  batchSize: number,
  onBatch: (done: number) => void,
): Promise<StoredChunk[]> {
  const stored: StoredChunk[] = [];
  for (let i = 0; i < chunks.length; i += batchSize) {
    const batch = chunks.slice(i, i + batchSize);
    const texts = batch.map(searchableText);
    // Segmented first: the offline embedder then finds each text's words already cut.
    const tokens = texts.map(indexableText);
    const vectors = await embedder.embed(texts, 'document');
    if (vectors.length !== batch.length || vectors.some((vector) => vector.length !== embedder.dim)) {
      throw new Error(
        `the embedder ${embedder.id} returned ${vectors.length} vectors of the wrong size for ${batch.length} passages`,
      );
    }
    for (const [j, chunk] of batch.entries()) {
      stored.push({ ...chunk, vector: vectors[j], tokens: tokens[j], published: chunk.source?.published ?? null });
    }
    onBatch(stored.length);
  }
  return stored;
}
