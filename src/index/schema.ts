import { createRequire } from 'node:module';
import type * as Arrow from 'apache-arrow';
import type { Chunk, PageSource } from '../domain/types.js';

/**
 * LanceDB loads apache-arrow with `require`; an ESM import would load a second copy whose
 * tables LanceDB does not recognise (`instanceof` fails and it rebuilds them, wrongly).
 */
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof Arrow;
const {
  Field,
  FixedSizeList,
  Float32,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table: ArrowTable,
  Utf8,
  makeData,
  vectorFromArray,
} = arrow;
type Schema = Arrow.Schema;
type ArrowTable = Arrow.Table;
type DataType = Arrow.DataType;
type FixedSizeList = Arrow.FixedSizeList;

/** The three tables of an index: passages (one table per build), pages, and the manifest that pins them. */

export interface StoredChunk extends Chunk {
  /** None in a table that keeps no vectors (see `IndexWriter.storesVectors`). */
  vector?: Float32Array;
  /** The chunk's words (and its headline's), space-separated, for the full-text index. */
  tokens: string;
  /** Its page's publication date (`YYYY-MM-DD`, `YYYY-MM`, `--MM-DD`), for filtering by time. */
  published: string | null;
}

/** One page of the library: its text lives with the index, so any process can re-read it. */
export interface PageRecord {
  file: string;
  /** sha256 of the pipeline version, name and text: an unchanged page is not parsed again. */
  hash: string;
  articles: number;
  chunks: number;
  dates: string[];
  /** `seeds`: mirrored from SEEDS_DIR by a reindex; `upload`: sent by an admin, kept until removed. */
  source: 'seeds' | 'upload';
  /** Paper, publication date, page and link, as given with the page or read from it. */
  meta: PageSource;
  text: string;
}

export const UNKNOWN_SOURCE: PageSource = { paper: null, published: null, inferred: false, page: null, url: null };

export type PageSummary = Omit<PageRecord, 'text'>;
export const PAGE_SUMMARY_COLUMNS = ['file', 'hash', 'articles', 'chunks', 'dates', 'source', 'meta'];

export interface Manifest {
  chunksTable: string;
  chunksVersion: number;
  pagesVersion: number;
  /** The chunks table the one before used, dropped by the next change. */
  previousTable: string | null;
  embedder: string;
  dim: number;
  indexedAt: string;
  passages: number;
  /** TermCounts, encoded. */
  terms: string;
}

export const CHUNK_COLUMNS = ['id', 'file', 'article_index', 'chunk_index', 'headline', 'date', 'text', 'start', 'end'];

/** `dim` null: a passages table without vectors, for a lexical embedder whose vectors are not searched at its size. */
export function chunkSchema(dim: number | null): Schema {
  const fields = [
    new Field('id', new Utf8(), false),
    new Field('file', new Utf8(), false),
    new Field('article_index', new Int32(), false),
    new Field('chunk_index', new Int32(), false),
    new Field('headline', new Utf8(), false),
    new Field('date', new Utf8(), true),
    new Field('text', new Utf8(), false),
    new Field('start', new Int32(), false),
    new Field('end', new Int32(), false),
    new Field('tokens', new Utf8(), false),
    new Field('vector', new FixedSizeList(dim ?? 0, new Field('item', new Float32(), true)), false),
    new Field('published', new Utf8(), true),
  ];
  return new Schema(dim === null ? fields.filter((field) => field.name !== 'vector') : fields);
}

/** Whether a passages table keeps a vector for each passage. */
export function hasVectors(schema: Schema): boolean {
  return schema.fields.some((field) => field.name === 'vector');
}

export const pageSchema = new Schema([
  new Field('file', new Utf8(), false),
  new Field('hash', new Utf8(), false),
  new Field('articles', new Int32(), false),
  new Field('chunks', new Int32(), false),
  new Field('dates', new Utf8(), false),
  new Field('source', new Utf8(), false),
  new Field('text', new Utf8(), false),
  // Added after the first release: tables made before it get it (as '{}') when next written.
  new Field('meta', new Utf8(), true),
]);

export const manifestSchema = new Schema([
  new Field('key', new Utf8(), false),
  new Field('chunks_table', new Utf8(), false),
  new Field('chunks_version', new Int32(), false),
  new Field('pages_version', new Int32(), false),
  new Field('previous_table', new Utf8(), true),
  new Field('embedder', new Utf8(), false),
  new Field('dim', new Int32(), false),
  new Field('indexed_at', new Utf8(), false),
  new Field('passages', new Int32(), false),
  new Field('terms', new Utf8(), false),
]);

/**
 * Passages as one Arrow batch, built column by column: several times faster than handing
 * LanceDB row objects.
 */
export function chunkBatch(chunks: StoredChunk[], dim: number | null): ArrowTable {
  const schema = chunkSchema(dim);
  const column = (type: DataType, values: unknown[]) => vectorFromArray(values, type).data[0];
  const text = (values: Array<string | null>) => column(new Utf8(), values);
  const int = (values: number[]) => column(new Int32(), values);
  const children = [
    text(chunks.map((c) => c.id)),
    text(chunks.map((c) => c.file)),
    int(chunks.map((c) => c.articleIndex)),
    int(chunks.map((c) => c.chunkIndex)),
    text(chunks.map((c) => c.headline)),
    text(chunks.map((c) => c.date)),
    text(chunks.map((c) => c.text)),
    int(chunks.map((c) => c.start)),
    int(chunks.map((c) => c.end)),
    text(chunks.map((c) => c.tokens)),
    ...(dim === null ? [] : [vectorColumn(chunks, dim, schema.fields[10].type as FixedSizeList)]),
    text(chunks.map((c) => c.published)),
  ];
  const struct = makeData({ type: new Struct(schema.fields), length: chunks.length, nullCount: 0, children });
  return new ArrowTable(schema, [new RecordBatch(schema, struct)]);
}

/** The vectors as one flat Float32Array: several times faster than number arrays per row. */
function vectorColumn(chunks: StoredChunk[], dim: number, type: FixedSizeList) {
  const flat = new Float32Array(chunks.length * dim);
  for (const [i, chunk] of chunks.entries()) {
    if (chunk.vector?.length !== dim) throw new Error(`passage ${chunk.id} has no vector of ${dim} dimensions`);
    flat.set(chunk.vector, i * dim);
  }
  return makeData({
    type,
    length: chunks.length,
    nullCount: 0,
    child: makeData({ type: new Float32(), length: flat.length, data: flat }),
  });
}

export function pageRow(page: PageRecord): Record<string, unknown> {
  return { ...page, dates: JSON.stringify(page.dates), meta: JSON.stringify(page.meta) };
}

export function toPageSummary(row: Record<string, unknown>): PageSummary {
  return {
    file: String(row.file),
    hash: String(row.hash),
    articles: Number(row.articles),
    chunks: Number(row.chunks),
    dates: JSON.parse(String(row.dates)) as string[],
    source: row.source === 'upload' ? 'upload' : 'seeds',
    meta: toPageSource(row.meta),
  };
}

/**
 * Every page's summary from the pages table's columns, read column by column: a row object per
 * page, read field by field, took 1 s of a no-change ingest at 50,000 pages.
 */
export function toPageSummaries(table: ArrowTable): PageSummary[] {
  const column = (name: string): ArrayLike<unknown> => table.getChild(name)?.toArray() ?? [];
  const [file, hash, articles, chunks, dates, source, meta] = PAGE_SUMMARY_COLUMNS.map(column);
  return Array.from({ length: table.numRows }, (_, i) =>
    toPageSummary({
      file: file[i],
      hash: hash[i],
      articles: articles[i],
      chunks: chunks[i],
      dates: dates[i],
      source: source[i],
      meta: meta[i],
    }),
  );
}

export function toPageSource(value: unknown): PageSource {
  try {
    return { ...UNKNOWN_SOURCE, ...(JSON.parse(String(value ?? '{}')) as Partial<PageSource>) };
  } catch {
    return UNKNOWN_SOURCE;
  }
}

export function manifestRow(manifest: Manifest): Record<string, unknown> {
  return {
    key: 'current',
    chunks_table: manifest.chunksTable,
    chunks_version: manifest.chunksVersion,
    pages_version: manifest.pagesVersion,
    previous_table: manifest.previousTable,
    embedder: manifest.embedder,
    dim: manifest.dim,
    indexed_at: manifest.indexedAt,
    passages: manifest.passages,
    terms: manifest.terms,
  };
}

export function toManifest(row: Record<string, unknown>): Manifest {
  const manifest: Manifest = {
    chunksTable: String(row.chunks_table),
    chunksVersion: Number(row.chunks_version),
    pagesVersion: Number(row.pages_version),
    previousTable: row.previous_table ? String(row.previous_table) : null,
    embedder: String(row.embedder),
    dim: Number(row.dim),
    indexedAt: String(row.indexed_at),
    passages: Number(row.passages),
    terms: String(row.terms ?? ''),
  };
  if (!manifest.chunksTable || !Number.isInteger(manifest.chunksVersion) || !Number.isInteger(manifest.dim))
    throw new Error('the manifest is malformed');
  return manifest;
}

export function toChunk(row: Record<string, unknown>): Chunk {
  return {
    id: String(row.id),
    file: String(row.file),
    articleIndex: Number(row.article_index),
    chunkIndex: Number(row.chunk_index),
    headline: String(row.headline),
    date: row.date === null || row.date === undefined || row.date === '' ? null : String(row.date),
    text: String(row.text),
    start: Number(row.start),
    end: Number(row.end),
  };
}

/** The columns of a passage as stored, but its vector. */
export const STORED_CHUNK_COLUMNS = [...CHUNK_COLUMNS, 'tokens', 'published'];

export function toStoredChunk(row: Record<string, unknown>): StoredChunk {
  return {
    ...toChunk(row),
    tokens: String(row.tokens),
    published: row.published === null || row.published === undefined ? null : String(row.published),
  };
}

/** A string literal for a LanceDB filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function sqlList(values: string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}
