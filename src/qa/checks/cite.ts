import type { Citation, Passage } from '../../domain/types.js';
import { comparable, foldWidth } from '../../text/normalize.js';
import { sourceLabel } from '../../domain/source.js';
import { MARKER } from '../markers.js';

/**
 * Keeps the markers that refer to a listed passage, drops the others, and renumbers the cited
 * passages 1..n in order of first mention, so the source list under an answer has no gaps.
 */
export function resolveCitations(text: string, passages: Passage[]): { text: string; citations: Citation[] } {
  const order: number[] = [];
  const renumbered = foldMarkers(text).replace(MARKER, (_, list: string) =>
    list
      .split(/\s*[,，、]\s*/)
      .map(Number)
      .filter((n) => n >= 1 && n <= passages.length)
      .map((n) => {
        if (!order.includes(n)) order.push(n);
        return `[${order.indexOf(n) + 1}]`;
      })
      .filter((marker, i, all) => all.indexOf(marker) === i)
      .join(''),
  );
  const citations = order.map((n, i) => {
    const { id, file, headline, date, text: passageText, start, end, source } = passages[n - 1];
    return { n: i + 1, id, file, headline, date, text: passageText, start, end, source: source ?? null };
  });
  return { text: tidy(renumbered), citations };
}

/** Full-width brackets (［1］) are common in Chinese output. */
function foldMarkers(text: string): string {
  return text.replace(/［\s*([\d,，、\s]+?)\s*］/g, (_, list: string) => `[${foldWidth(list)}]`);
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+([。，！？.,!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * Numbers (amounts, percentages, dates) the answer states that no cited passage contains.
 * Digits are compared without thousands separators, so "2,000" matches "2000".
 */
export function unsupportedNumbers(text: string, citations: Citation[]): string[] {
  // The publication date may be stated, and the years its 去年 and 明年 mean.
  const when = (citation: Citation) => {
    const year = /^\d{4}/.exec(citation.source?.published ?? '')?.[0];
    return [sourceLabel(citation.source, 'zh') ?? '', ...(year ? [Number(year) - 1, Number(year) + 1] : [])].join('|');
  };
  const sources = citations.map((citation) =>
    // Joined with a mark that whitespace folding keeps: numbers must not run together.
    comparable([citation.headline, citation.date ?? '', when(citation), citation.text].join('|')).replace(
      /(\d),(?=\d{3})/g,
      '$1',
    ),
  );
  const stated =
    foldWidth(text.replace(MARKER, ' '))
      .replace(/(\d),(?=\d{3})/g, '$1')
      .match(/\d+(?:\.\d+)?/g) ?? [];
  return [...new Set(stated)].filter((number) => !sources.some((source) => containsNumber(source, number)));
}

/** "5" must not be found inside "50.1", nor "50" inside it. */
function containsNumber(source: string, number: string): boolean {
  return new RegExp(`(^|[^\\d.])${number.replace('.', '\\.')}(?!\\d|\\.\\d)`).test(source);
}
