import './quiet-logs.js';
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from 'apache-arrow';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Chunk, Passage } from '../types.js';

/**
 * The only module that knows LanceDB. Each build writes a complete new index version into its own
 * folder and then switches `current.json` to it with an atomic rename, so a build that fails or
 * is killed half-way leaves the previous version answering.
 */

export interface PageRecord {
  file: string;
  /** sha256 of the page text: an unchanged page is not embedded again. */
  hash: string;
  articles: number;
  chunks: number;
  dates: string[];
}

export interface IndexMeta {
  embedder: string;
  dim: number;
  indexedAt: string;
  pages: PageRecord[];
}

export interface StoredChunk extends Chunk {
  vector: Float32Array;
  /** The chunk's words (and its headline's), space-separated, for the full-text index. */
  tokens: string;
}

const TABLE = 'chunks';
const POINTER = 'current.json';
const META = 'meta.json';

export class IndexStoreError extends Error {
  override name = 'IndexStoreError';
}

export class ChunkStore {
  private constructor(
    readonly version: string,
    readonly meta: IndexMeta,
    private readonly connection: lancedb.Connection,
    private readonly table: lancedb.Table,
    private readonly reranker: lancedb.rerankers.RRFReranker,
    /**
     * Every chunk's text and metadata, held in memory (a few hundred bytes a chunk): searches then
     * return ids only, which halves LanceDB's time per query, and a source button is answered
     * without a query.
     */
    private readonly chunks: Map<string, Chunk>,
    /** Every indexed word with the number of chunks it occurs in. */
    readonly frequencies: Map<string, number>,
  ) {}

  /** Opens the index version `current.json` points at; null when no index was built yet. */
  static async open(dataDir: string): Promise<ChunkStore | null> {
    const version = await currentVersion(dataDir);
    if (!version) return null;
    const folder = path.join(dataDir, version);
    let connection: lancedb.Connection | null = null;
    let table: lancedb.Table | null = null;
    try {
      const meta = JSON.parse(await readFile(path.join(folder, META), 'utf8')) as IndexMeta;
      if (typeof meta.embedder !== 'string' || !Number.isInteger(meta.dim) || !Array.isArray(meta.pages)) throw new Error(`${META} is malformed`);
      connection = await lancedb.connect(folder);
      table = await connection.openTable(TABLE);
      const rows = await table.query().select([...CHUNK_COLUMNS, 'tokens']).toArray();
      const chunks = new Map(rows.map((row) => [String(row.id), toChunk(row)]));
      const frequencies = new Map<string, number>();
      for (const row of rows) {
        for (const word of new Set(String(row.tokens).split(' '))) frequencies.set(word, (frequencies.get(word) ?? 0) + 1);
      }
      return new ChunkStore(version, meta, connection, table, await lancedb.rerankers.RRFReranker.create(), chunks, frequencies);
    } catch (error) {
      table?.close();
      connection?.close();
      throw new IndexStoreError(`the index in ${folder} cannot be read (${(error as Error).message}): run npm run ingest to rebuild it`);
    }
  }

  get chunkCount(): number {
    return this.chunks.size;
  }

  /** Vector and full-text search fused by LanceDB's reciprocal-rank-fusion reranker. */
  async hybridSearch(vector: Float32Array, queryTokens: string, limit: number): Promise<Passage[]> {
    const query = queryTokens.trim()
      ? this.table.query().nearestTo(vector).distanceType('cosine').fullTextSearch(queryTokens, { columns: ['tokens'] }).rerank(this.reranker)
      : this.table.query().nearestTo(vector).distanceType('cosine');
    const rows = await query.select(['id']).limit(limit).toArray();
    return this.passages(rows, (row) => Number(row._relevance_score ?? 1 - Number(row._distance ?? 1)));
  }

  /** Full-text search alone, ranked by BM25: shows what the word index matches. */
  async textSearch(queryTokens: string, limit: number): Promise<Passage[]> {
    if (!queryTokens.trim()) return [];
    const rows = await this.table.query().fullTextSearch(queryTokens, { columns: ['tokens'] }).select(['id', '_score']).limit(limit).toArray();
    return this.passages(rows, (row) => Number(row._score));
  }

  get(id: string): Chunk | null {
    return this.chunks.get(id) ?? null;
  }

  /** Every stored chunk with its vector, for reuse by an incremental build. */
  async allChunks(): Promise<StoredChunk[]> {
    const rows = await this.table.query().toArray();
    return rows.map((row) => ({ ...toChunk(row), tokens: String(row.tokens), vector: Float32Array.from(row.vector as ArrayLike<number>) }));
  }

  close(): void {
    this.table.close();
    this.connection.close();
  }

  private passages(rows: Array<Record<string, unknown>>, score: (row: Record<string, unknown>) => number): Passage[] {
    return rows.flatMap((row) => {
      const chunk = this.chunks.get(String(row.id));
      return chunk ? [{ ...chunk, score: score(row) }] : [];
    });
  }
}

const CHUNK_COLUMNS = ['id', 'file', 'article_index', 'chunk_index', 'headline', 'date', 'text', 'start', 'end'];

function toChunk(row: Record<string, unknown>): Chunk {
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

function schema(dim: number): Schema {
  return new Schema([
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
    new Field('vector', new FixedSizeList(dim, new Field('item', new Float32(), true)), false),
  ]);
}

/**
 * Writes a new index version and makes it current. Versions older than the one it replaces are
 * deleted; the one it replaces is kept because queries may still be reading it.
 */
export async function writeIndex(dataDir: string, meta: IndexMeta, chunks: StoredChunk[]): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  // A damaged pointer is what this build replaces; it does not stop it.
  const previous = await currentVersion(dataDir).catch(() => null);
  const version = `index-${Date.now()}-${randomUUID().slice(0, 8)}`;
  const folder = path.join(dataDir, version);
  const connection = await lancedb.connect(folder);
  let table: lancedb.Table | null = null;
  try {
    const rows = chunks.map((chunk) => ({
      id: chunk.id,
      file: chunk.file,
      article_index: chunk.articleIndex,
      chunk_index: chunk.chunkIndex,
      headline: chunk.headline,
      date: chunk.date,
      text: chunk.text,
      start: chunk.start,
      end: chunk.end,
      tokens: chunk.tokens,
      vector: Array.from(chunk.vector),
    }));
    table = await connection.createTable(TABLE, rows.length ? rows : [], { schema: schema(meta.dim) });
    if (rows.length) {
      // The text is already segmented by jieba, so the whitespace tokenizer yields whole Chinese
      // words; the default ngram tokenizer would miss the many two-character words.
      await table.createIndex('tokens', {
        config: lancedb.Index.fts({ baseTokenizer: 'whitespace', lowercase: true, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }),
      });
    }
    await writeFile(path.join(folder, META), JSON.stringify(meta, null, 2));
  } catch (error) {
    table?.close();
    connection.close();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  table.close();
  connection.close();
  await writeAtomically(path.join(dataDir, POINTER), JSON.stringify({ version }));
  await removeStaleVersions(dataDir, new Set([version, previous].filter((v): v is string => Boolean(v))), version);
  return version;
}

/** What the current index records about itself, or null when there is none or it is damaged. */
export async function readIndexMeta(dataDir: string): Promise<IndexMeta | null> {
  try {
    const version = await currentVersion(dataDir);
    return version ? (JSON.parse(await readFile(path.join(dataDir, version, META), 'utf8')) as IndexMeta) : null;
  } catch {
    return null;
  }
}

/** The version `current.json` points at; null when no index was built yet. */
export async function currentVersion(dataDir: string): Promise<string | null> {
  let raw: string;
  try {
    raw = await readFile(path.join(dataDir, POINTER), 'utf8');
  } catch {
    return null;
  }
  try {
    const version = (JSON.parse(raw) as { version?: unknown }).version;
    if (typeof version === 'string' && /^index-[\w-]+$/.test(version)) return version;
  } catch {
    // fall through to the error below
  }
  throw new IndexStoreError(`${path.join(dataDir, POINTER)} is damaged: run npm run ingest to rebuild the index`);
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/**
 * Old versions go, but not young ones: a newer folder may be another build still running, and a
 * bot started a little while ago may still be answering from the one it opened.
 */
const KEEP_YOUNG_MS = 10 * 60_000;

async function removeStaleVersions(dataDir: string, keep: Set<string>, newest: string): Promise<void> {
  const built = (name: string) => Number(name.split('-')[1]);
  const young = Number(built(newest)) - KEEP_YOUNG_MS;
  for (const entry of await readdir(dataDir)) {
    const stale = entry.startsWith('index-') && !keep.has(entry) && built(entry) < young;
    const leftOver = entry.endsWith('.tmp') && !entry.includes(`.${process.pid}.`) && (await stat(path.join(dataDir, entry))).mtimeMs < young;
    if (stale || leftOver) {
      await rm(path.join(dataDir, entry), { recursive: true, force: true });
    }
  }
}
