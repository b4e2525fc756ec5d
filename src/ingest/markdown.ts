/**
 * Reads a Markdown page as one article per `# 标题` or `## 标题` heading: notes and CMS exports
 * saved as Markdown name each article so, with no byline or dateline to split at. Deeper headings
 * (`### 小标题`) are sections of their article. One pass over the lines: linear in the page's size.
 */
import type { Article } from '../domain/types.js';
import { buildArticle, type Paragraph } from './article.js';
import { type Line, scanLines } from './page.js';

/** An ATX heading of level 1 or 2, its closing hashes dropped. */
const ARTICLE_HEADING = /^(#{1,2})[ \t]+(.*?)(?:[ \t]+#+)?$/;
/** A deeper heading's or a quotation's marks: what follows them is the text. */
const LEADING_MARKS = /^(?:#{3,6}[ \t]+|>[ \t]?)+/;
/** Code fences: a `#` inside one is code, not a heading. */
const FENCE = /^(```|~~~)/;

interface Draft {
  headline: string | null;
  paragraphs: Paragraph[];
}

/** A line as a paragraph, its leading marks left out and its place in the source kept. */
function paragraphOf(line: Line, inCode: boolean): Paragraph {
  const marks = inCode ? '' : (LEADING_MARKS.exec(line.text)?.[0] ?? '');
  return { text: line.text.slice(marks.length), start: line.start + marks.length };
}

/** The articles under each heading, and what comes before the first one. */
function drafts(lines: Line[]): { drafts: Draft[]; headings: number } {
  const found: Draft[] = [{ headline: null, paragraphs: [] }];
  let headings = 0;
  let inCode = false;
  for (const line of lines) {
    if (FENCE.test(line.text)) {
      inCode = !inCode;
      continue;
    }
    const heading = inCode ? null : ARTICLE_HEADING.exec(line.text);
    if (heading) {
      found.push({ headline: heading[2], paragraphs: [] });
      headings++;
    } else {
      found.at(-1)!.paragraphs.push(paragraphOf(line, inCode));
    }
  }
  return { drafts: found, headings };
}

/**
 * The page's articles, one per level-1 or level-2 heading (text before the first heading is an
 * article of its own, its headline its first sentence); null when the page has no such heading.
 * `source` has its front matter blanked, so offsets are the file's.
 */
export function markdownArticles(file: string, source: string): Article[] | null {
  const { drafts: found, headings } = drafts(scanLines(source));
  if (!headings) return null;
  // A heading with nothing under it is a title over the articles that follow, not an article.
  const articles = found.filter((draft) => draft.paragraphs.length);
  return articles.map((draft, index) => buildArticle(file, index, draft));
}
