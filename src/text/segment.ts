import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { foldWidth } from './normalize.js';

/**
 * Chinese word segmentation for the full-text index and for matching questions with sentences.
 * LanceDB's own `jieba/*` tokenizer needs a model download, so text is segmented here with
 * @node-rs/jieba and indexed with LanceDB's whitespace tokenizer.
 */
let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Loads jieba's dictionary now (about a second) rather than on the first text segmented. */
export function prepareSegmenter(): void {
  segmenter();
}

const WORD = /[\p{Script=Han}A-Za-z0-9]/u;

/**
 * Indexing segments each passage twice, once for the full-text index and once in the offline
 * embedder, and segmentation is most of an ingest's time: the last few texts' words are kept.
 */
const RECENT_TEXTS = 512;
const recent = new Map<string, string[]>();

/** Words of a text in search mode (中药材 → 中药, 药材, 中药材), lower-cased, punctuation dropped. */
export function searchTokens(text: string): string[] {
  const known = recent.get(text);
  if (known) return known;
  const words = segmenter()
    .cutForSearch(foldWidth(text), true)
    .map((token) => token.trim().toLowerCase())
    .filter((token) => WORD.test(token));
  if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value!);
  recent.set(text, words);
  return words;
}

/** The same words joined by spaces: what the whitespace full-text tokenizer indexes. */
export function indexableText(text: string): string {
  return searchTokens(text).join(' ');
}

/** Words of a text in precise mode, with part-of-speech tags. */
export function taggedWords(text: string): Array<{ word: string; tag: string }> {
  return segmenter()
    .tag(foldWidth(text), true)
    .map(({ word, tag }) => ({ word: word.trim().toLowerCase(), tag }))
    .filter(({ word }) => WORD.test(word));
}

/**
 * Share of a text's Chinese characters that fall in words of two or more characters: about 0.6
 * or more for Chinese prose, far less for bytes decoded with the wrong encoding, which come out
 * as characters that seldom form words.
 */
export function wordiness(text: string): number {
  const han = /\p{Script=Han}/u;
  let inWords = 0;
  let total = 0;
  for (const token of segmenter().cut(text, true)) {
    const chars = [...token].filter((ch) => han.test(ch)).length;
    total += chars;
    if (chars >= 2) inWords += chars;
  }
  return total ? inWords / total : 0;
}
