import type { Chunk, PageSource } from '../domain/types.js';
import type { ArticleOpening } from './examples.js';

/** What reading the newest articles needs of an index snapshot. */
export interface ArticleShelf {
  sources(): Promise<Map<string, PageSource>>;
  passagesOf(files: string[]): Promise<Chunk[]>;
}

/** How many passages of an article its opening holds. */
const OPENING_PASSAGES = 2;

/**
 * The articles of the `pages` newest pages published by `day`, newest page first and each page's
 * articles in printed order. Pages whose year is unknown come after the dated ones.
 */
export async function newestArticles(shelf: ArticleShelf, day: Date, pages = 3): Promise<ArticleOpening[]> {
  const until = day.toISOString().slice(0, 10);
  const published = (source: PageSource) => (/^\d{4}/.test(source.published ?? '') ? source.published! : '');
  const files = [...(await shelf.sources())]
    .filter(([, source]) => published(source) <= until)
    .sort(([a, first], [b, second]) => published(second).localeCompare(published(first)) || b.localeCompare(a))
    .slice(0, pages);
  const publishedOf = new Map(files.map(([file, source]) => [file, source.published]));
  const order = files.map(([file]) => file);
  const passages = (await shelf.passagesOf(order))
    .filter((passage) => passage.chunkIndex < OPENING_PASSAGES)
    .sort(
      (a, b) =>
        order.indexOf(a.file) - order.indexOf(b.file) || a.articleIndex - b.articleIndex || a.chunkIndex - b.chunkIndex,
    );
  const articles = new Map<string, ArticleOpening>();
  for (const passage of passages) {
    const key = `${passage.file}:${passage.articleIndex}`;
    const article = articles.get(key);
    if (article) article.text += `\n${passage.text}`;
    else
      articles.set(key, {
        headline: passage.headline,
        published: publishedOf.get(passage.file) ?? null,
        text: passage.text,
      });
  }
  return [...articles.values()];
}
