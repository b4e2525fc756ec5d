import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from '../../src/ingest/text-encoding.js';
import { readReport } from '../../src/ingest/report.js';
import { inScript } from '../../src/text/script.js';
import { REPO } from '../support/workspace.js';
import { encoded, pdf, wordDocument } from '../support/documents.js';

const SHORT = '青岛加快建设消费帮扶重点城市\n2024年,青岛市累计帮销中西部地区农特产品50.1亿元。';

describe('text encodings', async () => {
  const page = await readFile(path.join(REPO, 'seeds/000_2f615ec6976ddc12.txt'), 'utf8');
  const cases = [
    ['utf-16le', 'utf-16le'],
    ['utf-16be', 'utf-16be'],
    ['gbk', 'gb18030'],
    ['big5', 'big5'],
  ] as const;
  for (const [label, text] of [
    ['a short page', SHORT],
    ['a whole page', page],
  ]) {
    it.each(cases)(`reads ${label} saved as %s`, (encoding, detected) => {
      const source = encoding === 'big5' ? inScript(text, 'traditional') : text;
      expect(decodeText(encoded(source, encoding))).toEqual({ text: source, encoding: detected });
    });
  }

  it('reads UTF-8 with and without a byte-order mark', () => {
    const bytes = new TextEncoder().encode(SHORT);
    expect(decodeText(bytes)?.text).toBe(SHORT);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))?.text).toBe(SHORT);
  });

  it('gives up on bytes that make no words in any encoding', () => {
    expect(decodeText(new Uint8Array(Array.from({ length: 400 }, (_, i) => 0x81 + ((i * 37) % 126))))).toBeNull();
  });
});

describe('reports from documents', () => {
  it.each([
    ['page.docx', () => wordDocument(SHORT)],
    ['page.pdf', async () => pdf(SHORT.split('\n'))],
  ])('reads the text of %s', async (name, make) => {
    const text = await readReport(name, await make(), 1_000_000);
    expect(text.replace(/\s+/g, '')).toBe(SHORT.replace(/\s+/g, ''));
  });

  it.each([
    ['photo.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), /is a PNG image, not text/],
    ['page.txt', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), /is a PDF, not text/],
    ['binary.txt', new TextEncoder().encode('a\u0001b\u0002c\u0003'.repeat(20)), /binary file/],
    ['scan.pdf', pdf([]), /no text layer/],
    ['broken.docx', new TextEncoder().encode('not a zip'), /cannot be read as a Word document/],
    ['blank.md', new TextEncoder().encode(' \n\n '), /is empty/],
    ['big.txt', new Uint8Array(2_000), /too large/],
  ])('refuses %s, saying why', async (name, bytes, reason) => {
    await expect(readReport(name, bytes, 1_000)).rejects.toThrow(reason);
  });
});
