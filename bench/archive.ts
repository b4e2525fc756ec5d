import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { parsePage } from '../src/ingest/page.js';
import { isReportName } from '../src/ingest/report.js';
import type { Article } from '../src/domain/types.js';

/**
 * A synthetic archive for the benchmark: the real pages, then pages recombined from their
 * articles, laid out as the paper prints them (kicker, headline, byline, dateline, paragraphs).
 * Deterministic: the same seeds and count give the same files, so runs compare.
 */

/** mulberry32: small, fast and seedable, which Math.random is not. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DISTRICTS = ['市南区', '市北区', '李沧区', '崂山区', '黄岛区', '城阳区', '即墨区', '胶州市', '平度市', '莱西市'];
const REPORTERS = ['王涛', '李娜', '张晋', '刘洋', '陈静', '赵磊', '孙悦', '周航', '吴迪', '郑凯', '冯志', '杨帆'];
const TOPICS = ['新进展', '新成效', '再提速', '见实效', '开新局'];

export interface ArchivePage {
  file: string;
  text: string;
}

/** Reads the real pages of `seedsDir`, in name order. */
export async function readSeedPages(seedsDir: string): Promise<ArchivePage[]> {
  const names = (await readdir(seedsDir)).filter(isReportName).sort();
  return Promise.all(names.map(async (file) => ({ file, text: await readFile(path.join(seedsDir, file), 'utf8') })));
}

/** `count` pages: the real ones first, then recombined ones dated one per slot back from 2025. */
export function generateArchive(seeds: ArchivePage[], count: number, seed = 20250227): ArchivePage[] {
  const articles = seeds
    .flatMap((page) => parsePage(page.file, page.text))
    .filter((article) => article.body.length > 80);
  if (!articles.length) throw new Error('the seed pages hold no articles to recombine');
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const pages = seeds.slice(0, count);
  for (let n = pages.length; n < count; n++) {
    const day = new Date(Date.UTC(2025, 1, 27) - Math.floor(n / 8) * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const pageNumber = (n % 8) + 1;
    const stories = Array.from({ length: 6 + Math.floor(next() * 7) }, () => story(pick(articles), day, next, pick));
    pages.push({ file: `${date}_${String(pageNumber).padStart(2, '0')}_${n}.txt`, text: `${stories.join('\n\n')}\n` });
  }
  return pages;
}

/**
 * One article: a real article's paragraphs, shuffled and partly swapped with another district's
 * name and other figures, so that every page is distinct and its numbers are not the seeds'.
 */
function story(article: Article, day: Date, next: () => number, pick: <T>(items: readonly T[]) => T): string {
  const district = pick(DISTRICTS);
  const paragraphs = article.body.split('\n').filter((paragraph) => paragraph.trim().length > 10);
  const kept = paragraphs.filter(() => next() < 0.9);
  const shuffled = (kept.length ? kept : paragraphs)
    .map((paragraph) => ({ paragraph, order: next() }))
    .sort((a, b) => a.order - b.order);
  const body = shuffled.map(({ paragraph }) => perturb(paragraph, next).replace(/青岛市/, `青岛市${district}`));
  const month = day.getUTCMonth() + 1;
  const lines = [
    ...(next() < 0.3 ? [`${district}${pick(TOPICS)}——`, ''] : []),
    `${article.headline.replace(/[，,]/g, '')}${next() < 0.5 ? '' : pick(TOPICS)}`,
    '',
    `□青岛日报/观海新闻记者 ${pick(REPORTERS)}${next() < 0.5 ? '' : ` 通讯员 ${pick(REPORTERS)}`}`,
    '',
    `本报${month}月${day.getUTCDate()}日讯 ${body[0] ?? ''}`,
    ...body.slice(1).flatMap((paragraph) => ['', paragraph]),
  ];
  return lines.join('\n');
}

/** Changes most figures by a factor near one, keeping their form. */
function perturb(paragraph: string, next: () => number): string {
  return paragraph.replace(/\d+(\.\d+)?/g, (figure) => {
    if (next() < 0.3 || /^(19|20)\d\d$/.test(figure)) return figure;
    const decimals = figure.includes('.') ? figure.split('.')[1].length : 0;
    const value = Number(figure) * (0.5 + next());
    return decimals ? value.toFixed(decimals) : String(Math.max(1, Math.round(value)));
  });
}

/** Writes the archive into `dir` (created if needed); returns the files written. */
export async function writeArchive(dir: string, pages: ArchivePage[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  // A few at a time: 20,000 files at once exceed the open-file limit.
  const limit = pLimit(64);
  await Promise.all(pages.map((page) => limit(() => writeFile(path.join(dir, page.file), page.text))));
  return pages.map((page) => page.file);
}
