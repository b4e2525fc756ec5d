import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeText } from '../../src/ingest/text-encoding.js';
import { readReport } from '../../src/ingest/report.js';
import { inScript } from '../../src/text/script.js';
import { REPO } from '../support/workspace.js';
import { Document, ImageRun, Packer, Paragraph } from 'docx';
import { encoded, pdf, pdfPages, wordBomb, wordDocument } from '../support/documents.js';
import { MAX_PDF_PAGES } from '../../src/ingest/pdf.js';
import { MAX_WORD_TAGS } from '../../src/ingest/word.js';

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

describe('bounds on reading a report', () => {
  it('refuses a Word bomb from the sizes in its directory, before inflating it', async () => {
    const bomb = await wordBomb(1_430_000);
    await expect(readReport('bomb.docx', bomb, 1_000_000)).rejects.toThrow(
      /bomb\.docx unpacks to 51\.\d MB of text and layout, the limit is 10\.0 MB/,
    );
  });

  it('refuses a Word file of more tags than mammoth reads in a few seconds', async () => {
    const paragraphs = Math.ceil(MAX_WORD_TAGS / 6) + 1_000;
    await expect(readReport('many.docx', await wordBomb(paragraphs), 1_000_000)).rejects.toThrow(
      new RegExp(`many\\.docx has \\d+ XML tags .*the limit is ${MAX_WORD_TAGS}`),
    );
  });

  it('reads a Word file with a picture (mammoth reads no picture for the text)', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const picture = new ImageRun({ type: 'png', data: png, transformation: { width: 10, height: 10 } });
    const document = new Document({
      sections: [{ children: [new Paragraph({ children: [picture] }), new Paragraph(SHORT)] }],
    });
    const text = await readReport('photo.docx', new Uint8Array(await Packer.toBuffer(document)), 1_000_000);
    expect(text.replace(/\s+/g, '')).toBe(SHORT.replace(/\s+/g, ''));
  });

  it('refuses a document whose text is longer than a text file may be', async () => {
    const long = '青岛'.repeat(50_000);
    await expect(readReport('long.docx', await wordDocument(long), 50_000)).rejects.toThrow(
      /long\.docx holds too much text: more than 50000 characters/,
    );
  });

  it('refuses a PDF of more pages than an issue, before reading a page', async () => {
    const pages = Array.from({ length: MAX_PDF_PAGES + 1 }, () => ['青岛']);
    await expect(readReport('book.pdf', pdfPages(pages), 1_000_000)).rejects.toThrow(
      `book.pdf has ${MAX_PDF_PAGES + 1} pages, the limit is ${MAX_PDF_PAGES}`,
    );
  });

  it('reads a PDF of several pages in order', async () => {
    const text = await readReport('issue.pdf', pdfPages([['第一版'], ['第二版'], ['第三版']]), 1_000_000);
    expect(text.replace(/\s+/g, '')).toBe('第一版第二版第三版');
  });

  it('stops a PDF whose reading outlasts the time budget, saying where', async () => {
    let clock = 0;
    // Each look at the clock is 15 seconds later: the 20 s are spent by the second page.
    const now = () => (clock += 15_000);
    await expect(
      readReport('slow.pdf', pdfPages([['第一版'], ['第二版'], ['第三版']]), 1_000_000, { now }),
    ).rejects.toThrow(/slow\.pdf took more than 20 s to read \(stopped at page 2 of 3\)/);
  });
});
