import iconv from 'iconv-lite';
import { toSimplified } from '../text/script.js';
import { wordiness } from '../text/segment.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

/** A file that is no text at all, known by its first bytes; the locales name each kind. */
export type BinaryKind = 'png' | 'jpeg' | 'gif' | 'pdf' | 'zip' | 'ole';

const SIGNATURES: Array<[BinaryKind, number[]]> = [
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['pdf', [0x25, 0x50, 0x44, 0x46]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  // Word and Excel files from before 2007: OLE compound documents.
  ['ole', [0xd0, 0xcf, 0x11, 0xe0]],
];

export function binaryKind(bytes: Uint8Array): BinaryKind | null {
  return SIGNATURES.find(([, magic]) => magic.every((byte, i) => bytes[i] === byte))?.[0] ?? null;
}

/** Below this share of characters in words, a GB18030 or Big5 decoding is taken for garbage. */
const PLAUSIBLE = 0.45;
/** How much of a file is tried when guessing between the legacy Chinese encodings. */
const SAMPLE_BYTES = 64_000;

/** A UTF-16 file without a byte-order mark: most of its high (or low) bytes are zero. */
function utf16WithoutBom(bytes: Uint8Array): Encoding | null {
  const length = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  // Chinese characters in UTF-16 have no zero byte; its ASCII (digits, punctuation, newlines)
  // has one, always on the same side (a few characters, such as 销 U+9500, have one too). UTF-8
  // and GB18030 text has none at all.
  if (oddZeros > pairs * 0.02 && evenZeros * 4 < oddZeros) return 'utf-16le';
  if (evenZeros > pairs * 0.02 && oddZeros * 4 < evenZeros) return 'utf-16be';
  return null;
}

function fatalUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes text saved by whatever a newsroom uses: UTF-8, UTF-16 with or without a byte-order
 * mark (Windows' "Unicode"), GBK/GB18030 (what many Chinese Windows tools still save) or Big5.
 * Between GB18030 and Big5, which both decode almost any bytes, the one that reads as Chinese
 * words wins; null when neither does. iconv-lite decodes; choosing is what no library does for
 * Chinese text well enough (byte-frequency detectors confuse GBK with Big5 on short pages).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = fatalUtf8(bytes.subarray(3));
    return text === null ? null : { text, encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: iconv.decode(buffer, utf16), encoding: utf16 };
  const utf8 = fatalUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const sample = buffer.subarray(0, SAMPLE_BYTES);
  const candidates = (['gb18030', 'big5'] as const)
    .map((encoding) => {
      const text = iconv.decode(sample, encoding);
      const broken = (text.match(/\uFFFD/g) ?? []).length;
      return { encoding, score: broken > 2 ? 0 : wordiness(toSimplified(text)) };
    })
    .sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (best.score < PLAUSIBLE) return null;
  return { text: iconv.decode(buffer, best.encoding), encoding: best.encoding };
}
