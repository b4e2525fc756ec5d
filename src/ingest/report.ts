import path from 'node:path';
import { binaryKind, decodeText } from './text-encoding.js';
import { UserError } from '../domain/types.js';
import { pdfText } from './pdf.js';
import { readBudget } from './read-budget.js';
import { wordText } from './word.js';

/**
 * Report files: plain text (`.md` too: admins often save notes that way), Word documents and
 * PDFs with a text layer.
 */
const REPORT_EXTENSIONS = ['.txt', '.md', '.docx', '.pdf'] as const;

export function isReportName(fileName: string): boolean {
  return REPORT_EXTENSIONS.some((extension) => fileName.toLowerCase().endsWith(extension));
}

/** A file name safe to write into SEEDS_DIR: no folders, no hidden files, a report extension. */
export function checkReportName(fileName: string): string {
  const name = fileName.trim();
  if (!name || name.includes('/') || name.includes('\\') || name.startsWith('.') || name.length > 120) {
    throw new UserError(
      `"${fileName}" is not a usable file name: use a plain name such as page-2025-03-01.txt`,
      `“${fileName}”不能用作文件名：请用 page-2025-03-01.txt 这样的简单名字`,
    );
  }
  if (!isReportName(name))
    throw new UserError(
      `"${fileName}" is not a report: send a .txt, .md, .docx or .pdf file`,
      `“${fileName}”不是报道文件：只接受 .txt、.md、.docx 或 .pdf 文件`,
    );
  return name;
}

/** Control characters no text file has (tab, line and page breaks aside): a binary file. */
const CONTROL = /(?![\t\n\r\f])\p{Cc}/gu;
/** Above this share of control characters, a decoded file is not text. */
const MAX_CONTROL_SHARE = 0.001;

function plainText(fileName: string, bytes: Uint8Array): string {
  const kind = binaryKind(bytes);
  if (kind) throw new UserError(`${fileName} is ${kind.en}, not text`, `${fileName} 不是文本文件（${kind.zh}）`);
  const decoded = decodeText(bytes);
  if (!decoded) {
    throw new UserError(
      `${fileName} is not text in a known encoding (UTF-8, UTF-16, GBK/GB18030 or Big5)`,
      `${fileName} 不是可识别编码（UTF-8、UTF-16、GBK/GB18030 或 Big5）的文本`,
    );
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
    throw new UserError(
      `${fileName} is too large: ${bytes.byteLength} bytes, the limit is ${maxBytes}`,
      `${fileName} 太大：${bytes.byteLength} 字节，上限 ${maxBytes} 字节`,
    );
  }
  const budget = readBudget(fileName, { maxCharacters: maxBytes, now: options.now });
  const extension = path.extname(fileName).toLowerCase();
  const raw =
    extension === '.docx'
      ? await wordText(fileName, bytes, budget)
      : extension === '.pdf'
        ? await pdfText(fileName, bytes, budget)
        : plainText(fileName, bytes);
  budget.checkTime({ en: 'the text', zh: '提取文字' });
  budget.checkLength(raw.length);
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const controls = (text.match(CONTROL) ?? []).length;
  if (controls > Math.max(0, text.length * MAX_CONTROL_SHARE)) {
    throw new UserError(`${fileName} looks like a binary file, not text`, `${fileName} 像是二进制文件，不是文本`);
  }
  if (!text.trim()) throw new UserError(`${fileName} is empty`, `${fileName} 是空文件`);
  return text;
}
