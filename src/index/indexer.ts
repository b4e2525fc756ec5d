import type { Embedder, IndexProgress, IndexSummary } from '../domain/types.js';
import { UserError } from '../domain/types.js';
import { IndexWriter } from './writer.js';
import type { PageCopies } from './copies.js';
import type { Log } from '../observe/log.js';
import type { Manifest, PageSummary, StoredChunk } from './schema.js';
import { offlineDimension } from '../ingest/offline-embedder.js';
import { inThisThread, type PageWork } from './page-work.js';
import {
  hashOf,
  pageHash,
  searchableText,
  type PageInput,
  type PageToIndex,
  type PreparedChunk,
  type PreparedPage,
} from './prepare-page.js';

export { pageHash, type DeferredPage, type PageInput, type PageToIndex } from './prepare-page.js';

/**
 * Pages parsed, embedded and written together: bounds an ingest's memory, whatever the archive's
 * size. No fewer than `VECTOR_INDEX_MIN_ROWS`, so that a new table's first write tells whether it
 * keeps a lexical embedder's vectors (`IndexWriter.storesVectors`).
 */
const PASSAGES_PER_WRITE = 8_000;
const DEFAULT_BATCH = 64;
/** Pages handed to the worker before their turn: it parses the next ones while a batch is written. */
const PAGES_AHEAD = 8;

/** What a change asks for; the pages already indexed decide what is actually written. */
export interface ChangeRequest {
  /** Pages to have in the index: new and changed ones are indexed, unchanged ones left as they are. */
  put: PageToIndex[];
  remove?: string[];
  /** Remove every page mirrored from SEEDS_DIR that `put` no longer has (a reindex of the folder). */
  mirror?: boolean;
  /** Also re-read pages that `put` does not name and re-index those an older pipeline indexed. */
  recheckStored?: boolean;
  /** Refuse the change if it would leave the index with no pages. */
  keepOne?: boolean;
  /**
   * Pages of SEEDS_DIR known to be as the index holds them (the seeds manifest): kept by a mirror,
   * and neither read nor re-checked.
   */
  unchanged?: string[];
}

/** A request, or one worked out from the pages the change starts from. */
export type ChangeRequestSource = ChangeRequest | ((indexed: Map<string, PageSummary>) => Promise<ChangeRequest>);

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
  /** Where pages are parsed, chunked and (by the offline embedder) embedded; this thread by default. */
  work?: PageWork;
}

/**
 * Applies one change to the index: pages removed, pages (re)indexed in bounded batches, then one
 * commit. Anything that fails before the commit is undone and the previous commit keeps serving.
 */
export async function applyChange(source: ChangeRequestSource, options: ChangeOptions): Promise<IndexSummary> {
  const started = Date.now();
  const writer = await IndexWriter.begin({
    uri: options.uri,
    storageOptions: options.storageOptions,
    embedder: options.embedder.id,
    dim: options.embedder.dim,
    indexVectors: !options.embedder.lexical,
    now: options.now,
    repair: options.repair,
  });
  let manifest: Manifest;
  let plan: Plan;
  let embedded = 0;
  const skipped: IndexSummary['skipped'] = [];
  const report = (stage: IndexProgress['stage'], pagesDone: number): void =>
    options.onProgress?.({ stage, pagesDone, pagesTotal: plan.toIndex.length, chunksEmbedded: embedded });
  try {
    const base = new Map((await writer.basePages()).map((page) => [page.file, page]));
    const request = typeof source === 'function' ? await source(base) : source;
    plan = await planChange(writer, base, request);
    if (plan.keptPages === 0 && request.keepOne) throw new UserError('index-would-be-empty');
    if (writer.base && !writer.mustCommit && !plan.toDelete.length && !plan.toIndex.length) {
      // Nothing to write: no commit, so nothing for a serving process to open again either.
      writer.close();
      return {
        ...unchangedSummary([...base.values()], writer.base.passages, skipped, started),
        embedder: options.embedder.id,
      };
    }
    await writer.removePages(plan.toDelete);
    embedded = await writePages(writer, plan.toIndex, options, skipped);
    report('store', plan.toIndex.length);
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
      skipped,
      embedder: options.embedder.id,
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

/**
 * Parses, embeds and writes the pages in batches; returns how many passages were written. The
 * worker is given a few pages ahead, so that it parses while this thread writes a batch.
 */
async function writePages(
  writer: IndexWriter,
  toIndex: PageToIndex[],
  options: ChangeOptions,
  skipped: IndexSummary['skipped'],
): Promise<number> {
  const work = options.work ?? inThisThread;
  const offlineDim = offlineDimension(options.embedder);
  const progress = (stage: IndexProgress['stage'], pagesDone: number, chunksEmbedded: number) =>
    options.onProgress?.({ stage, pagesDone, pagesTotal: toIndex.length, chunksEmbedded });
  const prepare = async (page: PageToIndex): Promise<PreparedPage | null> => {
    const input = await loaded(page, skipped, options.log);
    return input && work.prepare(input, writer.storesVectors === false ? null : offlineDim);
  };
  const ahead: Array<Promise<PreparedPage | null>> = [];
  const send = (i: number) => {
    if (i >= toIndex.length) return;
    const prepared = prepare(toIndex[i]);
    // Awaited in turn below; a failure meanwhile is not an unhandled rejection.
    prepared.catch(() => undefined);
    ahead.push(prepared);
  };
  for (let i = 0; i < PAGES_AHEAD; i++) send(i);
  let embedded = 0;
  let pending: PreparedPage[] = [];
  let pendingPassages = 0;
  const flush = async (pagesDone: number) => {
    const chunks = pending.flatMap((page) => page.chunks);
    const stored = await embedChunks(
      writer.storesVectors === false ? chunks.map(withoutVector) : chunks,
      writer.storesVectors !== false,
      options.embedder,
      options.batchSize ?? DEFAULT_BATCH,
      (done) => progress('embed', pagesDone, embedded + done),
    );
    embedded += stored.length;
    const byFile = new Map<string, StoredChunk[]>(pending.map(({ record }) => [record.file, []]));
    for (const chunk of stored) byFile.get(chunk.file)!.push(chunk);
    await writer.addPages(pending.map(({ record }) => ({ record, chunks: byFile.get(record.file)! })));
    // Kept batch by batch, still before the commit, rather than all at its end with every text held.
    await options.copies?.keep(
      pending.map(({ record }) => ({ file: record.file, text: record.text, source: record.source })),
    );
    pending = [];
    pendingPassages = 0;
  };
  for (let i = 0; i < toIndex.length; i++) {
    const parsed = await ahead.shift()!;
    send(i + PAGES_AHEAD);
    if (!parsed) continue;
    for (const warning of parsed.warnings)
      options.log?.warn({ file: parsed.record.file }, `${parsed.record.file}: ${warning}`);
    pending.push(parsed);
    pendingPassages += parsed.chunks.length;
    progress('parse', i + 1, embedded);
    if (pendingPassages >= PASSAGES_PER_WRITE) await flush(i + 1);
  }
  await flush(toIndex.length);
  // A new table is compacted and indexed whole next, at the peak of a build's memory.
  if (writer.isFresh) work.rest();
  if (writer.lacksVectors) {
    const passages = await writer.storedPassages();
    await writer.rewriteWithVectors(await embedChunks(passages, true, options.embedder, DEFAULT_BATCH, () => {}));
  }
  return embedded;
}

function unchangedSummary(
  pages: PageSummary[],
  passages: number,
  skipped: IndexSummary['skipped'],
  started: number,
): IndexSummary {
  const articles = pages.reduce((sum, page) => sum + page.articles, 0);
  return {
    pages: pages.length,
    articles,
    chunks: passages,
    embedded: 0,
    seconds: (Date.now() - started) / 1000,
    skipped,
  };
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

/**
 * A deferred page's text, read now. One that can no longer be read (removed or damaged since it
 * was scanned) is skipped, and said so, rather than fail a build of the whole archive.
 */
async function loaded(page: PageToIndex, skipped: IndexSummary['skipped'], log?: Log): Promise<PageInput | null> {
  if (!('load' in page)) return page;
  try {
    return { file: page.file, source: page.source, text: await page.load() };
  } catch (error) {
    const reason = (error as Error).message;
    log?.warn({ file: page.file }, `${page.file}: ${reason}`);
    skipped.push({ file: page.file, reason });
    return null;
  }
}

interface Plan {
  toDelete: string[];
  toIndex: PageToIndex[];
  keptPages: number;
}

/**
 * Which pages to delete and which to (re)index. Most of an archive changing at once (another
 * embedder, a new pipeline version) writes a new passages table instead of changing rows.
 */
async function planChange(writer: IndexWriter, base: Map<string, PageSummary>, request: ChangeRequest): Promise<Plan> {
  const unchanged = new Set(request.unchanged ?? []);
  const removed = new Set(request.remove ?? []);
  const put = new Map(request.put.filter((page) => !removed.has(page.file)).map((page) => [page.file, page]));
  const kept = [...base.values()].filter(
    (page) =>
      !removed.has(page.file) &&
      !put.has(page.file) &&
      !(request.mirror && page.source === 'seeds' && !unchanged.has(page.file)),
  );
  const keptFiles = new Set(kept.map((page) => page.file));
  const keptPages = (texts: Map<string, string>, which: (page: PageSummary, text: string) => boolean): PageInput[] =>
    kept.flatMap((page) => {
      const text = texts.get(page.file);
      return text !== undefined && which(page, text) ? [{ file: page.file, text, source: page.source }] : [];
    });

  const changed = [...put.values()].filter((page) => base.get(page.file)?.hash !== hashOf(page));
  const recheck = writer.isFresh ? [...keptFiles] : [...keptFiles].filter((file) => !unchanged.has(file));
  const texts = request.recheckStored || writer.isFresh ? await writer.storedTexts(recheck) : new Map<string, string>();
  const stale = keptPages(texts, (page, text) => pageHash(page.file, text) !== page.hash);
  if (!writer.isFresh && base.size > 1 && changed.length + stale.length > base.size / 2) writer.startFresh();

  if (writer.isFresh) {
    const unread = [...keptFiles].filter((file) => !texts.has(file));
    const stored = new Map([...texts, ...(unread.length ? await writer.storedTexts(unread) : [])]);
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

/** A passage for a table that keeps no vectors: the one its worker computed is not held. */
function withoutVector({ vector: _, ...chunk }: PreparedChunk): StoredChunk {
  return chunk;
}

/**
 * Embeds the passages the worker did not (an embedding API's waits are not CPU work), in
 * batches; none when the table keeps no vectors (`withVectors` false).
 */
async function embedChunks(
  chunks: PreparedChunk[],
  withVectors: boolean,
  embedder: Embedder,
  batchSize: number,
  onBatch: (done: number) => void,
): Promise<StoredChunk[]> {
  if (!withVectors) {
    onBatch(chunks.length);
    return chunks;
  }
  const stored: StoredChunk[] = [];
  for (let i = 0; i < chunks.length; i += batchSize) {
    const batch = chunks.slice(i, i + batchSize);
    const missing = batch.filter((chunk) => !chunk.vector);
    const vectors = missing.length ? await embedder.embed(missing.map(searchableText), 'document') : [];
    if (vectors.length !== missing.length || vectors.some((vector) => vector.length !== embedder.dim)) {
      throw new Error(
        `the embedder ${embedder.id} returned ${vectors.length} vectors of the wrong size for ${missing.length} passages`,
      );
    }
    let next = 0;
    for (const chunk of batch) stored.push({ ...chunk, vector: chunk.vector ?? vectors[next++] });
    onBatch(stored.length);
  }
  return stored;
}
