/**
 * Reads an e-paper's HTML article page — its headline (`<h1>`, else `<title>`), date
 * (`<time datetime>` or a published-time `<meta>`), link (`<link rel="canonical">`) and
 * paragraphs (`<p>`) — with htmlparser2, in one pass over the markup.
 */
import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import type { Article, PageSource } from '../domain/types.js';
import { UserError } from '../domain/types.js';
import { buildArticle } from './article.js';
import { readerLink } from './metadata.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const DATE_META = /^(?:date|pubdate|publishdate|article:published_time|og:article:published_time)$/i;
const PAGE_META = /^(?:page|section|article:section)$/i;

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

function meta(elements: Element[], name: RegExp): string | null {
  const found = elements.find(
    (e) => e.name === 'meta' && name.test(getAttributeValue(e, 'name') ?? getAttributeValue(e, 'property') ?? ''),
  );
  return found ? clean(getAttributeValue(found, 'content') ?? '') || null : null;
}

function ownSource(elements: Element[]): Partial<PageSource> {
  const own: Partial<PageSource> = {};
  const time = elements.find((e) => e.name === 'time' && getAttributeValue(e, 'datetime'));
  const day = ISO_DAY.exec((time && getAttributeValue(time, 'datetime')) ?? meta(elements, DATE_META) ?? '');
  if (day) own.published = day.slice(1).join('-');
  const page = meta(elements, PAGE_META);
  if (page) own.page = page;
  const canonical = elements.find((e) => e.name === 'link' && getAttributeValue(e, 'rel') === 'canonical');
  const link = readerLink((canonical && getAttributeValue(canonical, 'href')) ?? meta(elements, /^og:url$/i) ?? '');
  if (link) own.url = link;
  return own;
}

export function readHtmlArticle(
  file: string,
  source: string,
): { articles: Article[]; articleSources: Array<Partial<PageSource>> } {
  const document = parseDocument(source, { withStartIndices: true, withEndIndices: true });
  const elements = findAll(() => true, document.children);
  const heading =
    findOne((e) => e.name === 'h1', document.children) ?? findOne((e) => e.name === 'title', document.children);
  const paragraphs = elements
    .filter((e) => e.name === 'p')
    .map((e) => ({ text: clean(textContent(e)), start: e.startIndex ?? 0 }))
    .filter((p) => p.text);
  if (!paragraphs.length) throw new UserError('article-no-body', { file });
  const article = buildArticle(file, 0, {
    headline: heading ? clean(textContent(heading)) : null,
    paragraphs,
  });
  const own = ownSource(elements);
  return { articles: [{ ...article, date: own.published ?? article.date }], articleSources: [own] };
}
