import './runtime.js';
import * as lancedb from '@lancedb/lancedb';
import { connectIndex, explainStorageError, IndexStoreError, openIfExists } from './connect.js';
import { MANIFEST_TABLE, PAGES_TABLE } from './reader.js';
import {
  chunkBatch,
  chunkSchema,
  hasVectors,
  manifestRow,
  manifestSchema,
  PAGE_SUMMARY_COLUMNS,
  pageRow,
  pageSchema,
  sqlList,
  STORED_CHUNK_COLUMNS,
  toManifest,
  toPageSummaries,
  toStoredChunk,
  type Manifest,
  type PageRecord,
  type PageSummary,
  type StoredChunk,
} from './schema.js';
import { TermCounts } from './terms.js';

/**
 * Below this many passages a search reads every vector (a few milliseconds); above it an IVF
 * index does, since reading all vectors costs about 3 µs a passage on a small machine.
 */
export const VECTOR_INDEX_MIN_ROWS = 5_000;
/** New passages not yet in the indexes are searched one by one; past this many, optimize. */
const UNINDEXED_MAX = 2_000;
/** Each change adds a small data file and versions; past this many, optimize (compact and clean up). */
const SMALL_FRAGMENTS_MAX = 20;
/**
 * Versions younger than this stay, for readers that have not moved to the newest commit yet: a
 * serving process follows within a second and closes a replaced snapshot 30 s later.
 */
const KEEP_VERSIONS_MS = 2 * 60_000;
/** How far past now a fresh table's cut-off lies: every version it has is older. */
const FRESH_CUTOFF_MARGIN_MS = 60_000;

/** A function: LanceDB consumes an index definition when it builds it. */
const fullTextIndex = () =>
  lancedb.Index.fts({
    baseTokenizer: 'whitespace',
    lowercase: true,
    stem: false,
    removeStopWords: false,
    asciiFolding: false,
    withPosition: false,
  });

export interface WriterOptions {
  uri: string;
  storageOptions: Record<string, string>;
  embedder: string;
  dim: number;
  /**
   * False for a lexical embedder (the offline one): its vectors are searched only below
   * `LEXICAL_VECTORS_MAX_PASSAGES` (qa/retrievers/fused.ts), no more than `VECTOR_INDEX_MIN_ROWS`,
   * where a search reads every vector anyway; an index over them would cost time and disk for
   * nothing, and a new table of that size keeps no vectors at all (see `storesVectors`).
   */
  indexVectors?: boolean;
  /**
   * The index could not be read: write every passage anew, and if even the manifest or the pages
   * cannot be read, start from nothing (the pages then come from SEEDS_DIR).
   */
  repair?: boolean;
  now?: () => Date;
}

/**
 * One change to the index. Passages and pages are written as LanceDB commits of their own
 * tables, which readers do not see: they read the versions the manifest names. `commit` writes
 * a manifest naming the new versions, in one LanceDB commit, so a change that fails or is killed
 * before it is never served; the next change (or `rollback`) restores the tables to the
 * versions the manifest names.
 */
export class IndexWriter {
  private chunks: lancedb.Table | null;
  private written = 0;
  /** Whether the passages table keeps vectors; null until a new table's first write decides. */
  private vectors: boolean | null;
  private counts: TermCounts | null = null;
  /** What `commit` wrote, and the manifest version it became. */
  private committed: { manifest: Manifest; version: number } | null = null;

  private constructor(
    private readonly options: WriterOptions,
    private readonly connection: lancedb.Connection,
    private readonly manifestTable: lancedb.Table,
    private readonly pages: lancedb.Table,
    /** The committed state this change starts from; null for the first build. */
    readonly base: Manifest | null,
    private readonly baseVersion: number,
    private chunksTableName: string,
    chunks: lancedb.Table | null,
    /** The word counts the change starts from, decoded when first needed: a change with nothing to write does not. */
    private readonly startingTerms: () => TermCounts,
    vectors: boolean | null,
    /** Whether the pages table gained columns, which only a commit serves. */
    private readonly pagesUpgraded: boolean,
  ) {
    this.chunks = chunks;
    this.vectors = vectors;
  }

  static async begin(options: WriterOptions): Promise<IndexWriter> {
    const describe = (error: unknown) => explainStorageError(error, options.uri, options.storageOptions);
    const connection = await connectIndex(options.uri, options.storageOptions).catch((error) => {
      throw describe(error);
    });
    try {
      return await IndexWriter.beginOn(connection, options, options.repair === true);
    } catch (error) {
      if (!options.repair) {
        connection.close();
        throw describe(error);
      }
    }
    try {
      for (const name of new Set([MANIFEST_TABLE, PAGES_TABLE, ...(await connection.tableNames())]))
        await connection.dropTable(name).catch(() => undefined);
      return await IndexWriter.beginOn(connection, options, true);
    } catch (error) {
      connection.close();
      throw describe(error);
    }
  }

  /** `fresh`: write every passage into a new table (also chosen later by `startFresh`). */
  private static async beginOn(
    connection: lancedb.Connection,
    options: WriterOptions,
    fresh: boolean,
  ): Promise<IndexWriter> {
    const names = await connection.tableNames();
    const manifestTable =
      (await openIfExists(connection, MANIFEST_TABLE)) ??
      (await connection.createEmptyTable(MANIFEST_TABLE, manifestSchema, { existOk: true }));
    const rows = await manifestTable.query().limit(1).toArray();
    const base = rows.length ? toManifest(rows[0]) : null;
    const baseVersion = await manifestTable.version();
    const pages =
      (await openIfExists(connection, PAGES_TABLE)) ??
      (await connection.createEmptyTable(PAGES_TABLE, pageSchema, { existOk: true }));
    await restoreTo(pages, base?.pagesVersion ?? null);
    // After the restore, which would take it away again; committed with the change's pages.
    const pagesUpgraded = await addMissingColumns(pages);

    const reuse = base && !fresh && base.embedder === options.embedder && base.dim === options.dim;
    // Chunk tables no commit names are left by a build that failed or was killed (on stores
    // whose listing LanceDB can read).
    for (const name of names.filter(
      (name) => name.startsWith('chunks_') && name !== base?.chunksTable && name !== base?.previousTable,
    )) {
      await connection.dropTable(name);
    }
    let chunks: lancedb.Table | null = null;
    let chunksTableName = newTableName();
    let vectors = vectorsOfNewTable(options);
    if (reuse) {
      chunks = await connection.openTable(base.chunksTable);
      await restoreTo(chunks, base.chunksVersion);
      chunksTableName = base.chunksTable;
      vectors = hasVectors(await chunks.schema());
    }
    const terms = reuse ? () => TermCounts.decode(base.terms, base.passages) : () => TermCounts.empty();
    // Reads every stored page once, so pages that cannot be read are found before anything is written.
    if (options.repair) await pages.query().select(['file', 'text']).toArray();
    return new IndexWriter(
      options,
      connection,
      manifestTable,
      pages,
      base,
      baseVersion,
      chunksTableName,
      chunks,
      terms,
      vectors,
      pagesUpgraded,
    );
  }

  private get terms(): TermCounts {
    this.counts ??= this.startingTerms();
    return this.counts;
  }

  /** Whether this change writes a new passages table rather than changing the current one. */
  get isFresh(): boolean {
    return this.chunksTableName !== this.base?.chunksTable;
  }

  /**
   * Whether this change has something to commit before it writes or removes a page: a new table
   * (a first build's too), or a pages table that gained columns.
   */
  get mustCommit(): boolean {
    return this.isFresh || this.pagesUpgraded;
  }

  /** Writes every passage into a new table from here on; only before anything was written. */
  startFresh(): void {
    if (this.written) throw new Error('startFresh after passages were written');
    this.chunks?.close();
    this.chunks = null;
    this.chunksTableName = newTableName();
    this.counts = TermCounts.empty();
    this.vectors = vectorsOfNewTable(this.options);
  }

  /**
   * Whether the passages written from here on need vectors: always with an embedder whose vectors
   * are searched at any size; with a lexical one, only in a table smaller than
   * `VECTOR_INDEX_MIN_ROWS` (a new table's first write decides: it has no vectors when that write
   * alone reaches the size). Null: not decided yet, so vectors are welcome.
   */
  get storesVectors(): boolean | null {
    return this.vectors;
  }

  /**
   * A table without vectors that this change has left smaller than the size they are searched
   * at: `rewriteWithVectors` must give every passage its vector before the commit.
   */
  get lacksVectors(): boolean {
    return this.vectors === false && this.terms.passages < VECTOR_INDEX_MIN_ROWS;
  }

  /** Every passage as this change has left it so far, without vectors. */
  async storedPassages(): Promise<StoredChunk[]> {
    if (!this.chunks) return [];
    return (await this.chunks.query().select(STORED_CHUNK_COLUMNS).toArray()).map(toStoredChunk);
  }

  /** The passages, all of them and each with its vector, as a new table that this change commits. */
  async rewriteWithVectors(chunks: StoredChunk[]): Promise<void> {
    const unserved = this.isFresh ? this.chunksTableName : null;
    this.chunks?.close();
    this.chunks = null;
    this.chunksTableName = newTableName();
    this.vectors = true;
    this.written = 0;
    if (unserved) await this.connection.dropTable(unserved);
    if (chunks.length) {
      this.chunks = await this.connection.createTable(this.chunksTableName, chunkBatch(chunks, this.options.dim));
      this.written = chunks.length;
    }
  }

  /** The pages as this change has left them so far (at first, as the last commit left them). */
  async basePages(): Promise<PageSummary[]> {
    return toPageSummaries(await this.pages.query().select(PAGE_SUMMARY_COLUMNS).toArrow());
  }

  /** The stored text of pages, by file. */
  async storedTexts(files: string[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    for (let i = 0; i < files.length; i += 500) {
      const rows = await this.pages
        .query()
        .where(`file IN ${sqlList(files.slice(i, i + 500))}`)
        .select(['file', 'text'])
        .toArray();
      for (const row of rows) texts.set(String(row.file), String(row.text));
    }
    return texts;
  }

  /** Removes pages and their passages, counting their words out. */
  async removePages(files: string[]): Promise<void> {
    if (!files.length) return;
    for (let i = 0; i < files.length; i += 500) {
      const filter = `file IN ${sqlList(files.slice(i, i + 500))}`;
      if (this.chunks) {
        for (const row of await this.chunks.query().where(filter).select(['tokens']).toArray())
          this.terms.count(String(row.tokens), -1);
        await this.chunks.delete(filter);
      }
      await this.pages.delete(filter);
    }
  }

  /** Adds pages with their passages; a page already in the index must be removed first. */
  async addPages(pages: Array<{ record: PageRecord; chunks: StoredChunk[] }>): Promise<void> {
    const chunks = pages.flatMap((page) => page.chunks);
    if (chunks.length) {
      this.vectors ??= chunks.length < VECTOR_INDEX_MIN_ROWS;
      const batch = chunkBatch(chunks, this.vectors ? this.options.dim : null);
      if (this.chunks) await this.chunks.add(batch);
      else this.chunks = await this.connection.createTable(this.chunksTableName, batch);
      for (const chunk of chunks) this.terms.count(chunk.tokens);
      this.written += chunks.length;
    }
    if (pages.length) await this.pages.add(pages.map((page) => pageRow(page.record)));
  }

  /**
   * Makes the change the one served. A fresh table gets its indexes first; another process that
   * committed since this change began wins, and this change is undone.
   */
  async commit(): Promise<Manifest> {
    // A search would read vectors that are not there.
    if (this.lacksVectors) throw new Error('a passages table smaller than its vectors are searched at has none');
    this.vectors ??= true;
    this.chunks ??= await this.connection.createEmptyTable(
      this.chunksTableName,
      chunkSchema(this.vectors ? this.options.dim : null),
    );
    // No reader has seen a new table: none of its earlier versions is needed. The cut-off is set
    // past now, as the versions' own timestamps may round up to it (one was left behind under load).
    if (this.isFresh && this.written)
      await this.createIndexes(this.chunks, this.written, new Date(this.now().getTime() + FRESH_CUTOFF_MARGIN_MS));
    await this.manifestTable.checkoutLatest();
    if ((await this.manifestTable.version()) !== this.baseVersion) {
      throw new IndexStoreError(
        'another process changed the index while this change was being written; this change was undone: try again',
      );
    }
    const manifest: Manifest = {
      chunksTable: this.chunksTableName,
      chunksVersion: await this.chunks.version(),
      pagesVersion: await this.pages.version(),
      previousTable: this.isFresh ? (this.base?.chunksTable ?? null) : (this.base?.previousTable ?? null),
      embedder: this.options.embedder,
      dim: this.options.dim,
      indexedAt: this.now().toISOString(),
      passages: this.terms.passages,
      terms: this.terms.encode(),
    };
    await this.manifestTable.add([manifestRow(manifest)], { mode: 'overwrite' });
    this.committed = { manifest, version: await this.manifestTable.version() };
    return manifest;
  }

  /** Puts the tables back to the versions the last commit names. */
  async rollback(): Promise<void> {
    await restoreTo(this.pages, this.base?.pagesVersion ?? null);
    if (this.isFresh) {
      this.chunks?.close();
      this.chunks = null;
      await this.connection.dropTable(this.chunksTableName).catch(() => undefined);
    } else if (this.chunks && this.base) {
      await restoreTo(this.chunks, this.base.chunksVersion);
    }
  }

  /**
   * After a commit: folds new passages into the indexes once enough have arrived (LanceDB's
   * `optimize` compacts, extends the indexes and drops old versions, at a cost that grows with
   * the table, so not after every page), builds the vector index once the table needs one, and
   * commits again. Returns whether anything changed.
   */
  async maintain(): Promise<boolean> {
    const chunks = this.chunks;
    if (!chunks || !this.committed) return false;
    const rows = await chunks.countRows();
    if (!rows) return false;
    const fts = await chunks.indexStats('tokens_idx');
    const vector = await chunks.indexStats('vector_idx');
    const needsVector = this.vectorIndexed(rows) && (!vector || vector.numIndexedRows * 4 < rows);
    const unindexed = Math.max(fts?.numUnindexedRows ?? rows, vector?.numUnindexedRows ?? 0);
    const { fragmentStats } = await chunks.stats();
    const needsOptimize =
      !fts || needsVector || unindexed > UNINDEXED_MAX || fragmentStats.numSmallFragments >= SMALL_FRAGMENTS_MAX;
    // A new passages table rewrote every page too: the pages table's superseded files go now.
    if (!needsOptimize && !this.isFresh) return false;
    const chunksCutoff = await this.cleanupCutoff(chunks, this.isFresh ? null : (this.base?.chunksVersion ?? null));
    if (!fts) {
      await this.createIndexes(chunks, rows, chunksCutoff);
    } else if (needsOptimize) {
      await chunks.optimize({ cleanupOlderThan: chunksCutoff });
      if (needsVector) await chunks.createIndex('vector', { config: vectorIndex(rows), replace: true });
    }
    await this.pages.optimize({
      cleanupOlderThan: await this.cleanupCutoff(this.pages, this.base?.pagesVersion ?? null),
    });
    // Optimizing changes no content: if another process committed meanwhile, its commit stands
    // and these versions are picked up by the next change.
    await this.manifestTable.checkoutLatest();
    if ((await this.manifestTable.version()) !== this.committed.version) return false;
    const manifest = {
      ...this.committed.manifest,
      chunksVersion: await chunks.version(),
      pagesVersion: await this.pages.version(),
    };
    await this.manifestTable.add([manifestRow(manifest)], { mode: 'overwrite' });
    await this.manifestTable.optimize({ cleanupOlderThan: new Date(this.now().getTime() - KEEP_VERSIONS_MS) });
    return true;
  }

  /**
   * Versions older than this are removed: those of the last few minutes stay, and so does the
   * version the previous commit serves (`served`), which readers may still be reading. With
   * nothing served from the table (a new one, a first build), every superseded version goes.
   */
  private async cleanupCutoff(table: lancedb.Table, served: number | null): Promise<Date> {
    const now = this.now();
    if (served === null) return now;
    const window = new Date(now.getTime() - KEEP_VERSIONS_MS);
    const servedAt = (await table.listVersions()).find((version) => version.version === served)?.timestamp;
    return servedAt && servedAt < window ? servedAt : window;
  }

  close(): void {
    this.chunks?.close();
    this.pages.close();
    this.manifestTable.close();
    this.connection.close();
  }

  /** `cleanupOlderThan`: versions no reader needs, whose files the compaction supersedes. */
  private async createIndexes(chunks: lancedb.Table, rows: number, cleanupOlderThan: Date): Promise<void> {
    // A build writes a data file per batch; one file makes the indexes and later searches cheaper,
    // and leaves the count of small files to say how many changes came since.
    if ((await chunks.stats()).fragmentStats.numFragments > 1) await chunks.optimize({ cleanupOlderThan });
    // The text is already segmented by jieba, so the whitespace tokenizer yields whole Chinese
    // words; the default ngram tokenizer (3-grams) would miss the many two-character words.
    await chunks.createIndex('tokens', { config: fullTextIndex(), replace: true });
    await chunks.createIndex('id', { config: lancedb.Index.btree(), replace: true });
    await chunks.createIndex('file', { config: lancedb.Index.btree(), replace: true });
    // Searches within a time filter on it (reader.ts `within`).
    await chunks.createIndex('published', { config: lancedb.Index.btree(), replace: true });
    if (this.vectorIndexed(rows)) await chunks.createIndex('vector', { config: vectorIndex(rows), replace: true });
  }

  private vectorIndexed(rows: number): boolean {
    return this.options.indexVectors !== false && rows >= VECTOR_INDEX_MIN_ROWS;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}

/**
 * IVF with RaBitQ codes (1 bit a dimension): measured on the 4,000-page archive against exact
 * search, it finds as much of the exact top 10 as IVF-FLAT once the candidates are re-ranked
 * with their full vectors (`REFINE_FACTOR`), builds faster, and does not hold every vector in
 * memory, which IVF-FLAT's partitions do once searched (about 240 MB at 115,000 passages).
 * IVF-PQ took 94 s to build there and found a fifth of the top 10. One partition per square
 * root of the rows is LanceDB's own rule of thumb.
 */
function vectorIndex(rows: number): lancedb.Index {
  return lancedb.Index.ivfRq({ distanceType: 'cosine', numPartitions: Math.max(1, Math.round(Math.sqrt(rows))) });
}

/** Null for a lexical embedder: whether its new table keeps vectors depends on its size. */
function vectorsOfNewTable(options: WriterOptions): boolean | null {
  return options.indexVectors === false ? null : true;
}

function newTableName(): string {
  return `chunks_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Columns the page schema gained since a table was made, added empty (LanceDB's own schema evolution). */
async function addMissingColumns(pages: lancedb.Table): Promise<boolean> {
  const have = new Set((await pages.schema()).fields.map((field) => field.name));
  const missing = pageSchema.fields.filter((field) => !have.has(field.name));
  if (missing.length) await pages.addColumns(missing.map((field) => ({ name: field.name, valueSql: "'{}'" })));
  return missing.length > 0;
}

/** Undoes writes made after `version` (by a change that failed or was killed), as a new version. */
async function restoreTo(table: lancedb.Table, version: number | null): Promise<void> {
  if (version === null) {
    if ((await table.countRows()) > 0) await table.delete('true');
    return;
  }
  if ((await table.version()) === version) return;
  await table.checkout(version);
  await table.restore();
}
