import type { Passage } from '../../domain/types.js';
import { readPassage, type ReadPassage } from './evidence.js';

/**
 * Passages come back question after question; splitting and segmenting them once saves most of
 * the work. Holds at most `size` of them, and starts afresh when full.
 */
export function cachedReader(size = 2_000): (passage: Passage) => ReadPassage {
  const read = new Map<string, ReadPassage>();
  return (passage) => {
    const key = `${passage.id}\n${passage.text}`;
    let found = read.get(key);
    if (!found) {
      if (read.size >= size) read.clear();
      found = readPassage(passage);
      read.set(key, found);
    }
    return found;
  };
}
