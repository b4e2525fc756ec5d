import { prepareDictionary } from './dictionary-file.js';
import { prepareScripts } from './script.js';
import { prepareSegmenter } from './segment.js';

/**
 * Loads what every question's text needs before the first question, so that it is answered as
 * fast as the hundredth: jieba's dictionary (about a second), the converters between simplified
 * and traditional characters, and the English–Chinese dictionary (read from its prepared copy in
 * DATA_DIR). One-shot tools skip this and load each when used.
 * Returns why the dictionary's copy could not be kept, when it could not.
 */
export function prepareQuestionText(dataDir: string): string | undefined {
  prepareSegmenter();
  prepareScripts();
  return prepareDictionary(dataDir).notKept;
}

/** What to tell an operator whose DATA_DIR would not take the dictionary's copy. */
export function dictionaryNotKept(why: string): string {
  return `could not keep the English dictionary's prepared copy in DATA_DIR (${why}): it is built again at each start`;
}
