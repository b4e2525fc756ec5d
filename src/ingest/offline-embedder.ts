import type { Embedder } from '../domain/types.js';
import { searchTokens } from '../text/segment.js';
import { foldWidth } from '../text/normalize.js';
import { fnv1a } from '../text/hash.js';

/**
 * A lexical embedder that needs no model and no network: jieba words and Chinese character
 * bigrams, hashed into a fixed number of dimensions (the "hashing trick"), weighted by
 * 1 + log(tf), L2-normalised. It captures shared words, not meaning: synonyms and paraphrases
 * that share no characters do not meet. It is the default so the bot works with no API key.
 */
export function createOfflineEmbedder(dim = 512): Embedder {
  const embedder: Embedder = {
    id: `offline-hashed-bow-${dim}`,
    dim,
    lexical: true,
    async embed(texts: string[]): Promise<Float32Array[]> {
      return hashedVectors(texts, dim);
    },
  };
  offline.add(embedder);
  return embedder;
}

/** The embedders made here: their work needs nothing but the texts and the dimension. */
const offline = new WeakSet<Embedder>();

/** The dimension of an offline embedder, whose work can then be done on another thread; else null. */
export function offlineDimension(embedder: Embedder): number | null {
  return offline.has(embedder) ? embedder.dim : null;
}

/** What the offline embedder of dimension `dim` gives for `texts`. */
export function hashedVectors(texts: string[], dim: number): Float32Array[] {
  return texts.map((text) => hashedVector(text, dim));
}

function features(text: string): string[] {
  const words = searchTokens(text);
  const han = foldWidth(text).replace(/[^\p{Script=Han}]+/gu, '|');
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < han.length; i++) {
    if (han[i] !== '|' && han[i + 1] !== '|') bigrams.push(`#${han[i]}${han[i + 1]}`);
  }
  return [...words, ...bigrams];
}

function hashedVector(text: string, dim: number): Float32Array {
  const counts = new Map<string, number>();
  for (const feature of features(text)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const vector = new Float32Array(dim);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    // The sign bit spreads collisions around zero instead of piling them up.
    vector[hash % dim] += (hash & 0x80000000 ? -1 : 1) * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dim; i++) vector[i] /= norm;
  return vector;
}
