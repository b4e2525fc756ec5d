import { type UnzipFileInfo, unzipSync, zipSync } from 'fflate';
import { UserError } from '../domain/types.js';
import type { ReadBudget } from './read-budget.js';

/**
 * How large the XML parts of a Word file may unpack, read from the ZIP's central directory
 * before anything is inflated. A newspaper page's are a few hundred kilobytes and a long report's
 * a few megabytes; a file packing more is a decompression bomb (50 MB from 153 KB killed the bot).
 */
export const MAX_WORD_XML_BYTES = 10_000_000;

/**
 * How many XML tags a Word file may have. mammoth builds a tree of a few kilobytes per element
 * and reads some tens of thousands a second: 250,000 tags is about 300 MB and a few seconds. A
 * newspaper page has 5,000 to 20,000.
 */
export const MAX_WORD_TAGS = 250_000;

/** The parts mammoth reads for the text: XML (body, notes, styles, numbering) and relationships. */
const isTextPart = (name: string) => /\.(xml|rels)$/i.test(name);

const unreadable = (fileName: string) => new UserError('file-not-word', { file: fileName });

const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);

/** The archive's entries as its central directory gives them: nothing is inflated. */
function directory(fileName: string, bytes: Uint8Array): UnzipFileInfo[] {
  const entries: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (entry) => {
        entries.push(entry);
        return false;
      },
    });
  } catch {
    throw unreadable(fileName);
  }
  return entries;
}

/**
 * The XML parts, unpacked once their sizes in the directory pass. Each is inflated into a buffer
 * of its stated size, so a directory that lies about a size yields a cut part, not more memory.
 */
function textParts(fileName: string, bytes: Uint8Array): Record<string, Uint8Array> {
  const unpacked = directory(fileName, bytes)
    .filter((entry) => isTextPart(entry.name))
    .reduce((sum, entry) => sum + entry.originalSize, 0);
  if (unpacked > MAX_WORD_XML_BYTES) {
    throw new UserError('file-unpacks-too-large', {
      file: fileName,
      size: megabytes(unpacked),
      max: megabytes(MAX_WORD_XML_BYTES),
    });
  }
  try {
    return unzipSync(bytes, { filter: (entry) => isTextPart(entry.name) });
  } catch {
    throw unreadable(fileName);
  }
}

function tagCount(parts: Record<string, Uint8Array>): number {
  let tags = 0;
  for (const part of Object.values(parts)) for (const byte of part) if (byte === 0x3c) tags++;
  return tags;
}

/**
 * A Word document's text, by mammoth, within bounds: the directory's sizes are checked before
 * anything is inflated, the tags before mammoth builds its tree, and mammoth reads the parts
 * repacked without compression, so it inflates nothing itself.
 */
export async function wordText(fileName: string, bytes: Uint8Array, budget: ReadBudget): Promise<string> {
  const parts = textParts(fileName, bytes);
  const tags = tagCount(parts);
  if (tags > MAX_WORD_TAGS) {
    throw new UserError('file-too-many-tags', { file: fileName, tags, max: MAX_WORD_TAGS });
  }
  budget.checkTime({ stage: 'unpacking' });
  let text: string;
  try {
    // Loaded when a Word file comes, not in every answering process.
    const { default: mammoth } = await import('mammoth');
    ({ value: text } = await mammoth.extractRawText({ buffer: Buffer.from(zipSync(parts, { level: 0 })) }));
  } catch {
    throw unreadable(fileName);
  }
  return text;
}
