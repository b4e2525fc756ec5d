import { prepareDictionary } from './dictionary-file.js';
import { prepareSegmenter } from './segment.js';

/**
 * Loads what every question's text needs before the first question, so that it is answered as
 * fast as the hundredth: jieba's dictionary (about a second) and the English–Chinese one (read
 * from its prepared copy in DATA_DIR). One-shot tools skip this and load either when used.
 */
export function prepareQuestionText(dataDir: string): void {
  prepareSegmenter();
  prepareDictionary(dataDir);
}
