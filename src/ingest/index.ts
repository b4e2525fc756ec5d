import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Chunk, Embedder, IndexProgress, IndexSummary } from '../types.js';
import { UserError } from '../types.js';
import { ChunkStore, writeIndex, type PageRecord, type StoredChunk } from '../store/lance.js';
import { indexableText } from '../text/segment.js';
import { parsePage } from './page.js';
import { chunkArticle } from './chunk.js';
import { decodeReport, isReportName } from './report.js';

/** Bump when parsing or chunking changes, so unchanged pages are re-chunked anyway. */
const PIPELINE_VERSION = '3';

export interface BuildOptions {
  seedsDir: string;
  dataDir: string;
  embedder: Embedder;
  maxPageBytes: number;
  /** The index now serving: its vectors are reused for pages that did not change. */
  previous: ChunkStore | null;
  onProgress?: (progress: IndexProgress) => void;
  /** Passages per embedding request, and so per progress report (EMBEDDING_BATCH_SIZE). */
  batchSize?: number;
}

interface ParsedPage {
  record: PageRecord;
  chunks: Chunk[];
}

/** Parses, chunks, embeds and stores every report in `seedsDir` as a new index version. */
export async function buildIndex(options: BuildOptions): Promise<IndexSummary> {
  const started = Date.now();
  const { pages, skipped } = await readPages(options.seedsDir, options.maxPageBytes);
  const report = (progress: Omit<IndexProgress, 'pagesTotal'>) => options.onProgress?.({ ...progress, pagesTotal: pages.length });

  const reusable = await reusableChunks(options.previous, options.embedder);
  const parsed: ParsedPage[] = [];
  for (const page of pages) {
    parsed.push(parseReport(page.file, page.text));
    report({ stage: 'parse', pagesDone: parsed.length, chunksEmbedded: 0, chunksToEmbed: 0 });
  }

  const stored: StoredChunk[] = [];
  const toEmbed: Chunk[] = [];
  for (const { record, chunks } of parsed) {
    const previous = reusable.get(record.hash);
    if (previous && previous.length === chunks.length) stored.push(...previous);
    else toEmbed.push(...chunks);
  }
  const embedded = await embedChunks(toEmbed, options.embedder, options.batchSize ?? DEFAULT_BATCH, (done) =>
    report({ stage: 'embed', pagesDone: pages.length, chunksEmbedded: done, chunksToEmbed: toEmbed.length }),
  );
  stored.push(...embedded);

  report({ stage: 'store', pagesDone: pages.length, chunksEmbedded: embedded.length, chunksToEmbed: toEmbed.length });
  const order = new Map(parsed.flatMap(({ chunks }) => chunks).map((chunk, position) => [chunk.id, position]));
  stored.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  await writeIndex(
    options.dataDir,
    { embedder: options.embedder.id, dim: options.embedder.dim, indexedAt: new Date().toISOString(), pages: parsed.map((page) => page.record) },
    stored,
  );
  report({ stage: 'done', pagesDone: pages.length, chunksEmbedded: embedded.length, chunksToEmbed: toEmbed.length });
  return {
    pages: parsed.length,
    articles: parsed.reduce((sum, page) => sum + page.record.articles, 0),
    chunks: stored.length,
    embedded: embedded.length,
    seconds: (Date.now() - started) / 1000,
    skipped,
  };
}

async function readPages(seedsDir: string, maxBytes: number) {
  let names: string[];
  try {
    names = (await readdir(seedsDir)).filter(isReportName).sort();
  } catch {
    throw new UserError(`cannot read the reports folder ${seedsDir}: set SEEDS_DIR to a folder of .txt pages`, `无法读取报道目录 ${seedsDir}：请把 SEEDS_DIR 设为存放 .txt 版面的目录`);
  }
  const pages: Array<{ file: string; text: string }> = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  for (const file of names) {
    try {
      pages.push({ file, text: decodeReport(file, await readFile(path.join(seedsDir, file)), maxBytes) });
    } catch (error) {
      skipped.push({ file, reason: (error as Error).message });
    }
  }
  if (!pages.length) {
    const why = skipped.length ? `: ${skipped.map((s) => s.reason).join('; ')}` : '';
    throw new UserError(`no readable .txt or .md reports in ${seedsDir}${why}`, `${seedsDir} 中没有可读的 .txt 或 .md 报道${why}`);
  }
  return { pages, skipped };
}

function parseReport(file: string, text: string): ParsedPage {
  const articles = parsePage(file, text);
  const chunks = articles.flatMap((article) => chunkArticle(article));
  const hash = createHash('sha256').update(PIPELINE_VERSION).update('\0').update(file).update('\0').update(text).digest('hex');
  const dates = [...new Set(articles.map((article) => article.date).filter((date): date is string => Boolean(date)))];
  return { record: { file, hash, articles: articles.length, chunks: chunks.length, dates }, chunks };
}

/** Chunks of the serving index by page hash, when that index was built by the same embedder. */
async function reusableChunks(previous: ChunkStore | null, embedder: Embedder): Promise<Map<string, StoredChunk[]>> {
  const byHash = new Map<string, StoredChunk[]>();
  if (!previous || previous.meta.embedder !== embedder.id || previous.meta.dim !== embedder.dim) return byHash;
  const hashOf = new Map(previous.meta.pages.map((page) => [page.file, page.hash]));
  for (const chunk of await previous.allChunks()) {
    const hash = hashOf.get(chunk.file);
    if (!hash) continue;
    byHash.set(hash, [...(byHash.get(hash) ?? []), chunk]);
  }
  return byHash;
}

/** What the embedder and the full-text index see: the headline gives a chunk its topic. */
function searchableText(chunk: Chunk): string {
  return `${chunk.headline}\n${chunk.text}`;
}

const DEFAULT_BATCH = 64;

async function embedChunks(chunks: Chunk[], embedder: Embedder, batchSize: number, onBatch: (done: number) => void): Promise<StoredChunk[]> {
  const stored: StoredChunk[] = [];
  for (let i = 0; i < chunks.length; i += batchSize) {
    const batch = chunks.slice(i, i + batchSize);
    const vectors = await embedder.embed(batch.map(searchableText), 'document');
    if (vectors.length !== batch.length || vectors.some((vector) => vector.length !== embedder.dim)) {
      throw new Error(`the embedder ${embedder.id} returned ${vectors.length} vectors of the wrong size for ${batch.length} passages`);
    }
    batch.forEach((chunk, j) => stored.push({ ...chunk, vector: vectors[j], tokens: indexableText(searchableText(chunk)) }));
    onBatch(stored.length);
  }
  return stored;
}
