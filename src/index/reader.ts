import './runtime.js';
import * as lancedb from '@lancedb/lancedb';
import type { Chunk, PageSource, Passage } from '../domain/types.js';
import {
  connectIndex,
  explainStorageError,
  firstLine,
  IndexStoreError,
  openIfExists,
  servingCaches,
  StorageAccessError,
} from './connect.js';
import {
  CHUNK_COLUMNS,
  PAGE_SUMMARY_COLUMNS,
  sqlList,
  sqlString,
  toChunk,
  toManifest,
  toPageSource,
  toPageSummary,
  type Manifest,
  type PageSummary,
} from './schema.js';
import { TermCounts } from './terms.js';
import type { PageCopy } from './copies.js';

/**
 * Publication dates from `from` (inclusive) to `to` (exclusive), as `YYYY-MM-DD`; an empty `from`
 * reaches back to the first report.
 */
export interface DateSpan {
  from: string;
  to: string;
  /** Pages without a date too: they may be of any time. */
  undated?: boolean;
}

export const MANIFEST_TABLE = 'manifest';
export const PAGES_TABLE = 'pages';

/**
 * Partitions an IVF search reads, and how many candidates per result it re-ranks with full
 * vectors (the index keeps 1-bit codes). Measured on the 4,000-page archive: 10 of about 340
 * partitions and 10 candidates per result find 80% of the exact top 10 in under 10 ms.
 */
const NPROBES = 10;
const REFINE_FACTOR = 10;

const REBUILD = 'run npm run ingest (or /reindex) to rebuild it';

/**
 * Up to this share of the pages, a search within dates names them. Measured at 4,000 and 50,000
 * pages: a few hundred names, found in the `file` index, cost a tenth of the time of reading every
 * passage's date; half the pages' names about as long; nine tenths three times as long.
 */
const FEW_PAGES = 1 / 3;
const SPANS_KEPT = 64;

/** Whether `within` keeps the passages of a page from `source`, as its filter on `published` would. */
export function publishedWithin({ published, inferred }: PageSource, span: DateSpan): boolean {
  if (span.undated && (published == null || published < '0' || inferred)) return true;
  return published != null && published >= (span.from || '0') && published < span.to;
}

/** The index is there but some of it cannot be read: derived data, to rebuild from the page copies. */
export class UnreadableIndexError extends IndexStoreError {
  override name = 'UnreadableIndexError';
  constructor(
    message: string,
    /** What cannot be read, in a few words. */
    readonly why: string,
  ) {
    super(message);
  }
}

/**
 * One committed state of the index: the versions of the passages and pages tables its manifest
 * names, checked out as they were at that commit. A change in progress writes newer versions,
 * which no snapshot sees until the manifest names them.
 */
export class IndexSnapshot {
  private constructor(
    readonly manifest: Manifest,
    /** The manifest table's version: a new one means a new commit. */
    readonly version: number,
    readonly terms: TermCounts,
    private readonly chunks: lancedb.Table,
    private readonly pages: lancedb.Table,
    private readonly reranker: lancedb.rerankers.RRFReranker,
    /** The page-summary columns this pages table has (an older one lacks `meta`). */
    private readonly pageColumns: string[],
    /**
     * Whether its passages carry their publication date (tables built before do not), and whether
     * an index on it finds them (tables built before that was added have the column alone).
     */
    private readonly dates: 'none' | 'column' | 'indexed',
  ) {}

  private sourcesByFile: Promise<Map<string, PageSource>> | null = null;
  /** The pages of each span searched lately, by the span. */
  private readonly pagesBySpan = new Map<string, Promise<string[] | null>>();

  static async open(connection: lancedb.Connection, manifestTable: lancedb.Table): Promise<IndexSnapshot> {
    const version = await manifestTable.version();
    const rows = await manifestTable.query().limit(1).toArray();
    if (!rows.length) throw new IndexStoreError(`the index has no committed build yet: ${REBUILD}`);
    const manifest = toManifest(rows[0]);
    const chunks = await connection.openTable(manifest.chunksTable);
    const pages = await connection.openTable(PAGES_TABLE);
    try {
      await chunks.checkout(manifest.chunksVersion);
      await pages.checkout(manifest.pagesVersion);
      // Reads the full-text index once, so a damaged one is found now rather than by a reader.
      if (manifest.passages)
        await chunks
          .query()
          .fullTextSearch('青岛', { columns: ['tokens'] })
          .select(['id'])
          .limit(1)
          .toArray();
      const terms = TermCounts.decode(manifest.terms, manifest.passages);
      const have = new Set((await pages.schema()).fields.map((field) => field.name));
      const columns = PAGE_SUMMARY_COLUMNS.filter((column) => have.has(column));
      const snapshot = new IndexSnapshot(
        manifest,
        version,
        terms,
        chunks,
        pages,
        await lancedb.rerankers.RRFReranker.create(),
        columns,
        await datesOf(chunks),
      );
      // Every answer reads them: read now, so that the first question waits no more than the
      // hundredth. One that fails is read again by the question that needs it.
      snapshot.sources().catch(() => undefined);
      return snapshot;
    } catch (error) {
      chunks.close();
      pages.close();
      throw error;
    }
  }

  /** Vector and full-text search fused by LanceDB's reciprocal-rank-fusion reranker. */
  async hybridSearch(
    vector: Float32Array,
    queryTokens: string,
    limit: number,
    span?: DateSpan | null,
  ): Promise<Passage[]> {
    const nearest = await this.within(this.nearestQuery(vector), span);
    const query = queryTokens.trim()
      ? nearest.fullTextSearch(queryTokens, { columns: ['tokens'] }).rerank(this.reranker)
      : nearest;
    const rows = await query.select(CHUNK_COLUMNS).limit(limit).toArray();
    return rows.map((row) => ({
      ...toChunk(row),
      score: Number(row._relevance_score ?? 1 - Number(row._distance ?? 1)),
    }));
  }

  /** Vector search alone: what answers while a damaged full-text index is rebuilt. */
  async vectorSearch(vector: Float32Array, limit: number, span?: DateSpan | null): Promise<Passage[]> {
    const rows = await (await this.within(this.nearestQuery(vector), span))
      .select(CHUNK_COLUMNS)
      .limit(limit)
      .toArray();
    return rows.map((row) => ({ ...toChunk(row), score: 1 - Number(row._distance ?? 1) }));
  }

  /** Full-text search alone, ranked by BM25: what answers when the embedding API is down. */
  async textSearch(queryTokens: string, limit: number, span?: DateSpan | null): Promise<Passage[]> {
    if (!queryTokens.trim()) return [];
    const rows = await (await this.within(this.chunks.query(), span))
      .fullTextSearch(queryTokens, { columns: ['tokens'] })
      .select([...CHUNK_COLUMNS, '_score'])
      .limit(limit)
      .toArray();
    return rows.map((row) => ({ ...toChunk(row), score: Number(row._score) }));
  }

  async passage(id: string): Promise<Chunk | null> {
    const rows = await this.chunks
      .query()
      .where(`id = ${sqlString(id)}`)
      .select(CHUNK_COLUMNS)
      .limit(1)
      .toArray();
    return rows.length ? toChunk(rows[0]) : null;
  }

  /** Every passage of `files`, in no order: the newest pages' articles give example questions. */
  async passagesOf(files: string[]): Promise<Chunk[]> {
    if (!files.length) return [];
    const rows = await this.chunks
      .query()
      .where(`file IN ${sqlList(files)}`)
      .select(CHUNK_COLUMNS)
      .toArray();
    return rows.map(toChunk);
  }

  async pageList(): Promise<PageSummary[]> {
    const rows = await this.pages.query().select(this.pageColumns).toArray();
    return rows.map(toPageSummary).sort((a, b) => a.file.localeCompare(b.file));
  }

  /**
   * One stored page, name, hash and text, or null when there is none: what a start checks the
   * pipeline against, without reading the whole page list (0.4–1.2 s at 50,000 pages).
   */
  async onePage(): Promise<{ file: string; hash: string; text: string } | null> {
    const rows = await this.pages.query().select(['file', 'hash', 'text']).limit(1).toArray();
    return rows.length ? { file: String(rows[0].file), hash: String(rows[0].hash), text: String(rows[0].text) } : null;
  }

  /** Where each page was printed, read once per snapshot: passages and citations carry it. */
  sources(): Promise<Map<string, PageSource>> {
    // Two columns, unsorted and column by column: the whole page list, parsed and sorted, took
    // five times as long (4,000 pages), and row objects twice as long (50,000 pages: 250 → 110 ms).
    this.sourcesByFile ??= this.pages
      .query()
      .select(this.pageColumns.filter((column) => column === 'file' || column === 'meta'))
      .toArrow()
      .then(
        (table) => sourcesOf(table.getChild('file')?.toArray() ?? [], table.getChild('meta')?.toArray() ?? []),
        (error: unknown) => {
          // A read that failed (the object store out of reach) is tried again by the next question.
          this.sourcesByFile = null;
          throw error;
        },
      );
    return this.sourcesByFile;
  }

  /**
   * The name of every stored page, from the read that gives their sources (no second read of the
   * names): a data file of the pages table that cannot be opened is found here (at start), not by
   * a reader, without reading every page's text.
   */
  async pageFiles(): Promise<string[]> {
    return [...(await this.sources()).keys()];
  }

  /** The stored pages of these names, text included. */
  async pageCopies(files: string[]): Promise<PageCopy[]> {
    if (!files.length) return [];
    const rows = await this.pages
      .query()
      .where(`file IN ${sqlList(files)}`)
      .select(['file', 'text', 'source'])
      .toArray();
    return rows.map((row) => ({
      file: String(row.file),
      text: String(row.text),
      source: row.source === 'seeds' ? 'seeds' : 'upload',
    }));
  }

  async pageText(file: string): Promise<string | null> {
    const rows = await this.pages
      .query()
      .where(`file = ${sqlString(file)}`)
      .select(['text'])
      .limit(1)
      .toArray();
    return rows.length ? String(rows[0].text) : null;
  }

  close(): void {
    this.chunks.close();
    this.pages.close();
  }

  /**
   * Only passages published within `span`. A span of every page needs no filter (a filter that
   * keeps every passage still reads each one's date). The `published` column (`YYYY-MM-DD` or
   * `YYYY-MM`, compared as text) filters the rest where its index finds them; on a table without
   * that index, a span of a few pages is filtered by their names, which the `file` index finds
   * without reading every passage's date. A table built before the column existed is searched whole.
   */
  private async within<Q extends lancedb.Query | lancedb.VectorQuery>(
    query: Q,
    span: DateSpan | null | undefined,
  ): Promise<Q> {
    if (!span || this.dates === 'none') return query;
    const files = await this.pagesWithin(span);
    if (files) {
      const pages = (await this.sources()).size;
      if (files.length === pages) return query;
      if (this.dates === 'column' && files.length && files.length <= FEW_PAGES * pages)
        return query.where(`file IN ${sqlList(files)}`) as Q;
    }
    const dated = `published >= ${sqlString(span.from || '0')} AND published < ${sqlString(span.to)}`;
    if (!span.undated) return query.where(dated) as Q;
    // A date without its year (`--09-27`) sorts before every year; a date guessed from the text
    // may be any of its items': both count as undated.
    const guessed = await this.guessedDates();
    const named = guessed.length ? ` OR file IN (${guessed.map(sqlString).join(', ')})` : '';
    return query.where(`(published IS NULL OR published < '0'${named} OR (${dated}))`) as Q;
  }

  /**
   * The pages whose passages `within` keeps, by their dates as the pages table gives them (the
   * passages carry the same); null when that table does not give dates (built before it did).
   */
  private pagesWithin(span: DateSpan): Promise<string[] | null> {
    const key = `${span.from}\u0000${span.to}\u0000${span.undated === true}`;
    let files = this.pagesBySpan.get(key);
    if (!files) {
      // Questions name a few spans again and again ("去年", "今年"); a full map starts afresh.
      if (this.pagesBySpan.size >= SPANS_KEPT) this.pagesBySpan.clear();
      files = this.sources().then(
        (sources) =>
          this.pageColumns.includes('meta')
            ? [...sources].filter(([, source]) => publishedWithin(source, span)).map(([file]) => file)
            : null,
        () => {
          // Dates not read (the store out of reach) leave the filter on the passages' own dates.
          this.pagesBySpan.delete(key);
          return null;
        },
      );
      this.pagesBySpan.set(key, files);
    }
    return files;
  }

  /** Pages whose date was read from their text rather than given with them. */
  private async guessedDates(): Promise<string[]> {
    const sources = await this.sources();
    return [...sources].filter(([, source]) => source.inferred).map(([file]) => file);
  }

  private nearestQuery(vector: Float32Array) {
    return this.chunks.query().nearestTo(vector).distanceType('cosine').nprobes(NPROBES).refineFactor(REFINE_FACTOR);
  }
}

/** Each page's source by file, from the pages table's `file` and `meta` columns. */
function sourcesOf(files: ArrayLike<unknown>, metas: ArrayLike<unknown>): Map<string, PageSource> {
  const sources = new Map<string, PageSource>();
  for (let i = 0; i < files.length; i++) sources.set(String(files[i]), toPageSource(metas[i]));
  return sources;
}

/**
 * Measured at 50,000 pages (1.45 million passages), one full-text query within a year's pages:
 * 12 ms with the index on `published`, 22 ms naming the year's 2,929 pages, 52 ms reading every
 * passage's date; within a month 3 ms, 4 ms and 41 ms.
 */
async function datesOf(chunks: lancedb.Table): Promise<'none' | 'column' | 'indexed'> {
  if (!(await chunks.schema()).fields.some((field) => field.name === 'published')) return 'none';
  const indices = await chunks.listIndices();
  return indices.some((index) => index.columns.includes('published')) ? 'indexed' : 'column';
}

/**
 * The serving side of an index at INDEX_URI: its newest commit, and whether another process
 * (or this one) has committed since. Readers on other machines find new commits the same way.
 */
export class IndexReader {
  private constructor(
    private readonly connection: lancedb.Connection,
    private readonly manifestTable: lancedb.Table,
    private snapshot: IndexSnapshot,
    private readonly describe: (error: unknown) => Error,
  ) {}

  /** Opens the newest commit; null when nothing was ever committed at `uri`. */
  static async open(uri: string, storageOptions: Record<string, string>): Promise<IndexReader | null> {
    const describe = (error: unknown) => explainStorageError(error, uri, storageOptions);
    let connection: lancedb.Connection;
    let manifestTable: lancedb.Table | null;
    try {
      connection = await connectIndex(uri, storageOptions, servingCaches());
      manifestTable = await openIfExists(connection, MANIFEST_TABLE);
    } catch (error) {
      throw describe(error);
    }
    if (!manifestTable) {
      connection.close();
      return null;
    }
    try {
      if ((await manifestTable.countRows()) === 0) {
        manifestTable.close();
        connection.close();
        return null;
      }
      return new IndexReader(connection, manifestTable, await IndexSnapshot.open(connection, manifestTable), describe);
    } catch (error) {
      manifestTable?.close();
      connection.close();
      const storage = describe(error);
      if (storage instanceof StorageAccessError) throw storage;
      // LanceDB's reader panics on a data file whose pages do not decode; all that reaches
      // JavaScript is "Panic in async function".
      const why = /^panic in async function/i.test(firstLine(error)) ? 'a data file is damaged' : firstLine(error);
      throw new UnreadableIndexError(`the index in ${uri} cannot be read (${why}): ${REBUILD}`, why);
    }
  }

  get current(): IndexSnapshot {
    return this.snapshot;
  }

  /**
   * Moves to the newest commit when there is one; returns the snapshot it replaced (still open:
   * queries that started on it may be running), or null when nothing changed.
   */
  async refresh(): Promise<IndexSnapshot | null> {
    try {
      await this.manifestTable.checkoutLatest();
      if ((await this.manifestTable.version()) === this.snapshot.version) return null;
      const previous = this.snapshot;
      this.snapshot = await IndexSnapshot.open(this.connection, this.manifestTable);
      return previous;
    } catch (error) {
      throw this.describe(error);
    }
  }

  close(): void {
    this.snapshot.close();
    this.manifestTable.close();
    this.connection.close();
  }
}
