import { createHash } from 'node:crypto';
import type { Chunk } from '../domain/types.js';
import type { PageRecord, StoredChunk } from './schema.js';
import { indexableText } from '../text/segment.js';
import { foldScript } from '../text/script.js';
import { readPage } from '../ingest/articles.js';
import { chunkArticle } from '../ingest/chunk.js';
import { hashedVectors } from '../ingest/offline-embedder.js';

/** Bump when parsing, chunking or the searched text changes, so unchanged pages are re-indexed anyway. */
export const PIPELINE_VERSION = '7';

export interface PageInput {
  file: string;
  text: string;
  source: PageRecord['source'];
}

/**
 * A page whose text is read again when it is indexed: a build of the whole archive then holds
 * the text of the pages in hand, not of every page. `hash` is its page hash when it was scanned.
 */
export interface DeferredPage {
  file: string;
  source: PageRecord['source'];
  hash: string;
  load(): Promise<string>;
}

/** A page to have in the index: its text in hand, or read when its turn comes. */
export type PageToIndex = PageInput | DeferredPage;

/** The page hash of a page to index, without reading a deferred one. */
export function hashOf(page: PageToIndex): string {
  return 'load' in page ? page.hash : pageHash(page.file, page.text);
}

/** A passage ready to be stored but for its vector, which only the offline embedder gives here. */
export type PreparedChunk = Omit<StoredChunk, 'vector'> & { vector?: Float32Array };

/** A page parsed, chunked and tokenized: all the CPU work of indexing it, but an embedding API's. */
export interface PreparedPage {
  record: PageRecord;
  chunks: PreparedChunk[];
  warnings: string[];
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
 * What the embedder and the full-text index see: the headline gives a chunk its topic. Folded to
 * one script as questions are, so a page printed in traditional characters is found by a question
 * in either; the passage itself is stored as printed.
 */
export function searchableText(chunk: Chunk): string {
  return foldScript(`${chunk.headline}\n${chunk.text}`);
}

/**
 * Parses, chunks and segments one page; `offlineDim`, when the offline embedder indexes, also
 * embeds its passages (CPU work like the rest, so it is done where the rest is).
 */
export function preparePage(page: PageInput, offlineDim: number | null): PreparedPage {
  const { source, articles, articleSources, warnings } = readPage(page.file, page.text);
  const chunks = articles.flatMap((article) =>
    chunkArticle(article).map((chunk) => ({ ...chunk, source: { ...source, ...articleSources[article.index] } })),
  );
  const dates = [...new Set(articles.map((article) => article.date).filter((date): date is string => Boolean(date)))];
  const texts = chunks.map(searchableText);
  // Segmented first: the offline embedder then finds each text's words already cut.
  const tokens = texts.map(indexableText);
  const vectors = offlineDim === null ? null : hashedVectors(texts, offlineDim);
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
    chunks: chunks.map((chunk, i) => ({
      ...chunk,
      tokens: tokens[i],
      published: source.published ?? null,
      ...(vectors ? { vector: vectors[i] } : {}),
    })),
    warnings,
  };
}
