import { UserError } from '../types.js';

/** Report files are plain text; `.md` is accepted because admins often save notes that way. */
export const REPORT_EXTENSIONS = ['.txt', '.md'] as const;

export function isReportName(fileName: string): boolean {
  return REPORT_EXTENSIONS.some((extension) => fileName.toLowerCase().endsWith(extension));
}

/** A file name safe to write into SEEDS_DIR: no folders, no hidden files, a report extension. */
export function checkReportName(fileName: string): string {
  const name = fileName.trim();
  if (!name || name.includes('/') || name.includes('\\') || name.startsWith('.') || name.length > 120) {
    throw new UserError(`"${fileName}" is not a usable file name: use a plain name such as page-2025-03-01.txt`);
  }
  if (!isReportName(name)) throw new UserError(`"${fileName}" is not a report: only .txt and .md files are accepted`);
  return name;
}

/**
 * Decodes a report as UTF-8 text, refusing what is not text: invalid UTF-8, NUL bytes (binary
 * files renamed to .txt), or nothing but whitespace.
 */
export function decodeReport(fileName: string, bytes: Uint8Array, maxBytes: number): string {
  if (bytes.byteLength > maxBytes) {
    throw new UserError(`${fileName} is too large: ${bytes.byteLength} bytes, the limit is ${maxBytes}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${fileName} is not UTF-8 text: save it as UTF-8 plain text`);
  }
  if (text.includes('\u0000')) throw new UserError(`${fileName} looks like a binary file, not text`);
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new UserError(`${fileName} is empty`);
  return body;
}
