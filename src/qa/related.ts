import type { Answer, Chunk } from '../domain/types.js';
import { type ArticleOpening, exampleQuestions } from './examples.js';

/** What finding related questions needs of an index snapshot. */
export interface ArticleReader {
  passagesOf(files: string[]): Promise<Chunk[]>;
}

const RELATED = 3;

/**
 * Questions the cited articles answer in passages the answer did not quote: what a reader may
 * ask next. Built like the example questions (a figure a passage gives, asked for), so each is one
 * the search finds; none repeats the question asked.
 */
export async function relatedQuestions(answer: Answer, reader: ArticleReader, today: Date): Promise<string[]> {
  if (answer.refused || !answer.citations.length) return [];
  const citedIds = new Set(answer.citations.map((citation) => citation.id));
  const cited = answer.retrieved.filter((passage) => citedIds.has(passage.id));
  const articleKey = (chunk: Chunk) => `${chunk.file}\u0000${chunk.articleIndex}`;
  const published = new Map(cited.map((passage) => [articleKey(passage), passage.source?.published ?? null]));
  const files = [...new Set(cited.map((passage) => passage.file))];
  const passages = (await reader.passagesOf(files))
    .filter((chunk) => published.has(articleKey(chunk)) && !citedIds.has(chunk.id))
    .sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.start - b.start);
  const openings: ArticleOpening[] = passages.map((chunk) => ({
    headline: chunk.headline,
    published: published.get(articleKey(chunk)) ?? null,
    text: chunk.text,
  }));
  const said = bigrams(`${answer.question}${answer.text}`);
  return exampleQuestions(openings, today, RELATED * 2)
    .filter((question) => !alreadyAnswered(question, said))
    .slice(0, RELATED);
}

/** Most of what the question names is in the question asked or the answer given: it asks that again. */
const ANSWERED_SHARE = 0.75;

function alreadyAnswered(question: string, said: Set<string>): boolean {
  // What the question names, around the figure it asks for ("多少").
  const asks = new Set(question.split('多少').flatMap((part) => [...bigrams(part)]));
  const shared = [...asks].filter((pair) => said.has(pair)).length;
  return asks.size > 0 && shared / asks.size >= ANSWERED_SHARE;
}

/** Pairs of adjacent characters, punctuation and spaces left out. */
function bigrams(text: string): Set<string> {
  const characters = [...text.replace(/[\p{P}\s]/gu, '')];
  return new Set(characters.slice(1).map((character, i) => characters[i] + character));
}
