import { UserError } from '../types.js';

/** Report files are plain text; `.md` is accepted because admins often save notes that way. */
const REPORT_EXTENSIONS = ['.txt', '.md'] as const;

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
      `"${fileName}" is not a report: only .txt and .md files are accepted`,
      `“${fileName}”不是报道文件：只接受 .txt 和 .md 文件`,
    );
  return name;
}

/**
 * Decodes a report as UTF-8 text, refusing what is not text: invalid UTF-8, NUL bytes (binary
 * files renamed to .txt), or nothing but whitespace.
 */
export function decodeReport(fileName: string, bytes: Uint8Array, maxBytes: number): string {
  if (bytes.byteLength > maxBytes) {
    throw new UserError(
      `${fileName} is too large: ${bytes.byteLength} bytes, the limit is ${maxBytes}`,
      `${fileName} 太大：${bytes.byteLength} 字节，上限 ${maxBytes} 字节`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(
      `${fileName} is not UTF-8 text: save it as UTF-8 plain text`,
      `${fileName} 不是 UTF-8 文本：请另存为 UTF-8 纯文本`,
    );
  }
  if (text.includes('\u0000'))
    throw new UserError(`${fileName} looks like a binary file, not text`, `${fileName} 像是二进制文件，不是文本`);
  // TextDecoder has already dropped a byte-order mark.
  if (!text.trim()) throw new UserError(`${fileName} is empty`, `${fileName} 是空文件`);
  return text;
}
