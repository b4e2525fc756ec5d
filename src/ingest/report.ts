import path from 'node:path';
import { binaryKind, decodeText } from './text-encoding.js';
import { UserError } from '../domain/types.js';
import { isReportName } from '../domain/report-files.js';
import { pdfText } from './pdf.js';
import { readBudget } from './read-budget.js';
import { wordText } from './word.js';

export { isReportName };

/** A file name safe to write into SEEDS_DIR: no folders, no hidden files, a report extension. */
export function checkReportName(fileName: string): string {
  const name = fileName.trim();
  if (!name || name.includes('/') || name.includes('\\') || name.startsWith('.') || name.length > 120) {
    throw new UserError('file-name-unusable', { file: fileName });
  }
  if (!isReportName(name)) throw new UserError('file-not-report', { file: fileName });
  return name;
}

/** Control characters no text file has (tab, line and page breaks aside): a binary file. */
const CONTROL = /(?![\t\n\r\f])\p{Cc}/gu;
/** Above this share of control characters, a decoded file is not text. */
const MAX_CONTROL_SHARE = 0.001;

function plainText(fileName: string, bytes: Uint8Array): string {
  const kind = binaryKind(bytes);
  if (kind) throw new UserError('file-binary-kind', { file: fileName, kind });
  const decoded = decodeText(bytes);
  if (!decoded) {
    throw new UserError('file-unknown-encoding', { file: fileName });
  }
  return decoded.text;
}

/**
 * A report's text, from the formats newsrooms have: plain text in any of the usual encodings,
 * a Word document (.docx, by mammoth) or a PDF with a text layer (by unpdf). Refuses, saying
 * why, what is too large, binary, empty or not text, and what takes too long to read. No
 * document yields more characters than a text file may have bytes: a page of text fits in both.
 */
export async function readReport(
  fileName: string,
  bytes: Uint8Array,
  maxBytes: number,
  options: { now?: () => number } = {},
): Promise<string> {
  if (bytes.byteLength > maxBytes) {
    throw new UserError('file-too-large', { file: fileName, size: bytes.byteLength, max: maxBytes });
  }
  const budget = readBudget(fileName, { maxCharacters: maxBytes, now: options.now });
  const extension = path.extname(fileName).toLowerCase();
  const raw =
    extension === '.docx'
      ? await wordText(fileName, bytes, budget)
      : extension === '.pdf'
        ? await pdfText(fileName, bytes, budget)
        : plainText(fileName, bytes);
  budget.checkTime({ stage: 'text' });
  budget.checkLength(raw.length);
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const controls = (text.match(CONTROL) ?? []).length;
  if (controls > Math.max(0, text.length * MAX_CONTROL_SHARE)) {
    throw new UserError('file-looks-binary', { file: fileName });
  }
  if (!text.trim()) throw new UserError('file-empty', { file: fileName });
  return text;
}
