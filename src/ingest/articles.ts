/**
 * A report's articles, by the form it comes in: an e-paper's page text (the layout parser), a
 * page of titled blocks, a Markdown article, an HTML article page, or a CMS export of one record
 * per article. Every form is read in time linear in its size.
 */
import path from 'node:path';
import type { Article, PageSource } from '../domain/types.js';
import { titledBlocks } from './blocks.js';
import { readHtmlArticle } from './html.js';
import { markdownArticles } from './markdown.js';
import { readPageMeta } from './metadata.js';
import { parsePage } from './page.js';
import { readRecords } from './records.js';

export interface ReadPage {
  /** Where the page (the file) was printed, as the page list shows it. */
  source: PageSource;
  articles: Article[];
  /** `articleSources[i]`: what `articles[i]` says of itself (a record's own date, page, link). */
  articleSources: Array<Partial<PageSource>>;
  /** What the header gave that was left out, and why (for the log). */
  warnings: string[];
}

/**
 * A page of text: an article per heading in Markdown that has headings, titled blocks when it is
 * laid out so, an e-paper's layout otherwise.
 */
function pageText(file: string, text: string): ReadPage {
  const { source, text: body, warnings } = readPageMeta(file, text);
  const markdown = path.extname(file).toLowerCase() === '.md' ? markdownArticles(file, body) : null;
  const articles = markdown ?? titledBlocks(file, body) ?? parsePage(file, body);
  return { source, articles, articleSources: articles.map(() => ({})), warnings };
}

/** A CMS export: the file's own header or name may still give a paper or date for all its records. */
function fromRecords(file: string, text: string): ReadPage {
  const { source, warnings } = readPageMeta(file, '');
  const records = readRecords(file, text, path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'jsonl');
  return { source, ...records, warnings: [...warnings, ...records.warnings] };
}

export function readPage(file: string, text: string): ReadPage {
  switch (path.extname(file).toLowerCase()) {
    case '.html':
    case '.htm': {
      const { source, warnings } = readPageMeta(file, '');
      return { source, ...readHtmlArticle(file, text), warnings };
    }
    case '.csv':
    case '.jsonl':
      return fromRecords(file, text);
    default:
      return pageText(file, text);
  }
}
