/**
 * Reads a page laid out as titled blocks — a title line, a blank line, the article's paragraphs,
 * and two or more blank lines before the next title — as one article per block. Such pages (an
 * archive's items, encyclopedia paragraphs) have no bylines or datelines, which the layout
 * parser needs to tell where one article ends and the next begins.
 */
import type { Article } from '../domain/types.js';
import { foldWidth } from '../text/normalize.js';
import { buildArticle } from './article.js';
import { type Line, scanLines } from './page.js';

/** Headlines are short; a longer first line is a paragraph. */
const TITLE_MAX = 50;
/** A title is not a sentence: it does not end one, nor hold one. */
const SENTENCE_END = /[。!?;…][”’」』"')]*$/;
/** A byline, a dateline or a continuation mark: the page is an e-paper's layout, read by the layout parser. */
const ANCHOR = /^(?:□|本报.{0,8}?[讯电](?:\s|$)|\(上接第?[一二三四五六七八九十\d]+版\))/;
/** Share of blocks that must be titled for the page to be read this way: a stray untitled block stays an article. */
const TITLED_SHARE = 0.8;

function blocksOf(lines: Line[]): Line[][] {
  const blocks: Line[][] = [];
  for (const line of lines) {
    if (!blocks.length || line.gap >= 2) blocks.push([line]);
    else blocks.at(-1)!.push(line);
  }
  return blocks;
}

function titled(block: Line[]): boolean {
  const [title, next] = block;
  const folded = foldWidth(title.text);
  return (
    next?.gap === 1 &&
    folded.replace(/\s/g, '').length <= TITLE_MAX &&
    !folded.includes('。') &&
    !SENTENCE_END.test(folded) &&
    next.text.length > title.text.length
  );
}

/** The page's articles when it is laid out as titled blocks; null when it is not (read it as a layout). */
export function titledBlocks(file: string, source: string): Article[] | null {
  const lines = scanLines(source);
  if (lines.some((line) => ANCHOR.test(foldWidth(line.text)))) return null;
  const blocks = blocksOf(lines);
  const titledCount = blocks.filter(titled).length;
  if (blocks.length < 2 || titledCount < blocks.length * TITLED_SHARE) return null;
  return blocks.map((block, index) => {
    const hasTitle = titled(block);
    const paragraphs = (hasTitle ? block.slice(1) : block).map((line) => ({ text: line.text, start: line.start }));
    return buildArticle(file, index, { headline: hasTitle ? block[0].text : null, paragraphs });
  });
}
