/** A citation marker: `[1]`, `[1, 2]`, `[1、3]`, pointing at the passages an answer read. */
export const MARKER = /\[(\d+(?:\s*[,，、]\s*\d+)*)\]/g;

/** The text without its citation markers: an earlier answer's numbers point at other passages. */
export function withoutMarkers(text: string): string {
  return text.replace(new RegExp(`\\s*${MARKER.source}`, 'g'), '');
}
