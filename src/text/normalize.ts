/**
 * Folds full-width ASCII (ＲＣＥＰ, ５０％, ，) to half-width so that the two punctuation styles on
 * the pages compare equal. Same length in, same length out, so offsets stay valid.
 */
export function foldWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** For comparing answers with passages: width-folded, lower-cased, without whitespace. */
export function comparable(text: string): string {
  return foldWidth(text).toLowerCase().replace(/\s+/g, '');
}
