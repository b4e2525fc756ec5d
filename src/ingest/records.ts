/**
 * Reads a CMS export — JSON Lines or CSV with the fields `title`, `date`, `page`, `section`,
 * `author`, `url`, `body` — as one article per record, each keeping its own date, page and link.
 */
import { parse } from 'csv-parse/sync';
import type { Article, PageSource } from '../domain/types.js';
import { UserError } from '../domain/types.js';
import { buildArticle } from './article.js';
import { readerLink } from './metadata.js';

export interface ReadRecords {
  articles: Article[];
  articleSources: Array<Partial<PageSource>>;
  warnings: string[];
}

/** A record's fields as strings, and where it starts in the file. */
interface Row {
  fields: Record<string, string>;
  start: number;
  /** Its line, for a warning. */
  line: number;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function jsonRows(source: string, warnings: string[]): Row[] {
  const rows: Row[] = [];
  let start = 0;
  source.split('\n').forEach((raw, n) => {
    const lineStart = start;
    start += raw.length + 1;
    if (!raw.trim()) return;
    try {
      const value: unknown = JSON.parse(raw);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      const fields = Object.fromEntries(Object.entries(value).map(([key, field]) => [key.toLowerCase(), text(field)]));
      rows.push({ fields, start: lineStart, line: n + 1 });
    } catch {
      warnings.push(`line ${n + 1} is not a JSON object: left out`);
    }
  });
  return rows;
}

function csvRows(file: string, source: string): Row[] {
  let records: Array<{ record: Record<string, string>; raw: string; info: { lines: number } }>;
  try {
    records = parse(source, {
      columns: (names: string[]) => names.map((name) => name.trim().toLowerCase()),
      raw: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    });
  } catch (error) {
    throw new UserError('records-unreadable', { file, why: (error as Error).message.slice(0, 200) });
  }
  const header = source.indexOf('\n') + 1;
  let start = header;
  return records.map(({ record, raw, info }) => {
    const row = {
      fields: Object.fromEntries(Object.entries(record).map(([key, value]) => [key, text(value)])),
      start,
      line: info.lines,
    };
    start += raw.length;
    return row;
  });
}

function ownSource(fields: Record<string, string>): Partial<PageSource> {
  const own: Partial<PageSource> = {};
  const day = ISO_DAY.exec(fields.date ?? '');
  if (day) own.published = day.slice(1).join('-');
  const page = [fields.page, fields.section].filter(Boolean).join(' ');
  if (page) own.page = /^\d+$/.test(fields.page ?? '') ? page.replace(/^\d+/, (n) => `第${Number(n)}版`) : page;
  const link = fields.url ? readerLink(fields.url) : null;
  if (link) own.url = link;
  if (fields.paper) own.paper = fields.paper;
  return own;
}

/** Paragraphs of a record's body, each at its place in the record (never past the record's start plus its length). */
function paragraphs(body: string, start: number): Array<{ text: string; start: number }> {
  const found: Array<{ text: string; start: number }> = [];
  let offset = 0;
  for (const line of body.split(/\r?\n/)) {
    found.push({ text: line, start: start + offset });
    offset += line.length + 1;
  }
  return found;
}

export function readRecords(file: string, source: string, form: 'csv' | 'jsonl'): ReadRecords {
  const warnings: string[] = [];
  const rows = form === 'csv' ? csvRows(file, source) : jsonRows(source, warnings);
  const kept = rows.filter((row) => {
    if (row.fields.body) return true;
    warnings.push(`record on line ${row.line} has no body: left out`);
    return false;
  });
  if (!kept.length) throw new UserError('records-no-body', { file });
  return {
    articles: kept.map((row, index) =>
      buildArticle(file, index, {
        headline: row.fields.title || null,
        paragraphs: paragraphs(row.fields.body, row.start),
        byline: row.fields.author,
        date: row.fields.date,
      }),
    ),
    articleSources: kept.map((row) => ownSource(row.fields)),
    warnings,
  };
}
