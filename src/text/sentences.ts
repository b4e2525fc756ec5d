/** Sentence boundaries for mixed Chinese and ASCII text: used to chunk articles and to quote answers. */

const TERMINAL = new Set([...'。！？；!?;…']);
const CLOSERS = new Set([...'”’」』"\'）)']);

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/** An ASCII dot ends a sentence only before a space, a line end or Chinese text, never in `50.1`. */
function dotEnds(text: string, i: number): boolean {
  let next = i + 1;
  while (CLOSERS.has(text[next])) next++;
  const after = text[next];
  if (isDigit(text[i - 1]) && isDigit(after)) return false;
  return after === undefined || isSpace(after) || /\p{Script=Han}/u.test(after);
}

/** Where a sentence that has a boundary at `i` ends (past its punctuation, closing quotes, spaces), or -1. */
function boundaryEnd(text: string, i: number): number {
  const ch = text[i];
  if (ch !== '\n' && !TERMINAL.has(ch) && !(ch === '.' && dotEnds(text, i))) return -1;
  let j = i + 1;
  while (TERMINAL.has(text[j]) || (text[j] === '.' && dotEnds(text, j))) j++;
  while (CLOSERS.has(text[j])) j++;
  while (isSpace(text[j])) j++;
  return j;
}

/**
 * Splits Chinese/ASCII mixed text into sentences. Closing quotes stay with their sentence and
 * whitespace (line breaks included) with the sentence before it, so the pieces join back exactly.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; ) {
    const end = boundaryEnd(text, i);
    if (end < 0) {
      i++;
      continue;
    }
    sentences.push(text.slice(start, end));
    start = i = end;
  }
  if (start < text.length) sentences.push(text.slice(start));
  return sentences;
}
