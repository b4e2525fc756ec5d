/**
 * At most `max` UTF-16 code units of `text` — Telegram's measure of a message — never cutting a
 * character in half.
 */
export function cutUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  // One unit for the ellipsis; a high surrogate at the cut goes with its pair.
  const cut = /[\uD800-\uDBFF]/.test(text[max - 2]) ? max - 2 : max - 1;
  return `${text.slice(0, cut)}…`;
}

/** At most `max` characters of `text`, for a button or an alert. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
