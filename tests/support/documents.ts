import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { strFromU8, unzipSync } from 'fflate';

/** Text pages saved the ways newsrooms save them, made in the test (no fixture files). */
export const encoded = (text: string, encoding: 'gbk' | 'big5' | 'utf-16le' | 'utf-16be'): Uint8Array =>
  new Uint8Array(iconv.encode(text, encoding));

export async function wordDocument(text: string): Promise<Uint8Array> {
  const document = new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }] });
  return new Uint8Array(await Packer.toBuffer(document));
}

/**
 * A Word document whose body is streamed from `body` (XML between `<w:body>` and `</w:body>`),
 * so that a body of hundreds of megabytes is never held: the way a decompression bomb is made.
 * The other parts are those of a genuine document; the body is deflated with run-length
 * matching when `runs` (what packs one repeated character 1000 to 1) and fully otherwise.
 */
export async function wordDocumentStreamed(body: () => Iterable<string>, runs = false): Promise<Uint8Array> {
  const parts = unzipSync(await wordDocument('x'));
  const genuine = strFromU8(parts['word/document.xml']);
  const open = genuine.slice(0, genuine.indexOf('<w:body>') + '<w:body>'.length);
  const close = genuine.slice(genuine.indexOf('<w:sectPr>'));
  function* xml(): Generator<Buffer> {
    yield Buffer.from(open);
    for (const text of body()) yield Buffer.from(text);
    yield Buffer.from(close);
  }
  const entries = Object.entries(parts).map(([name, data]) => deflated(name, [Buffer.from(data)]));
  const document = await deflatedStream('word/document.xml', xml(), runs);
  return zip(entries.map((entry) => (entry.name === document.name ? document : entry)));
}

/** A Word bomb: `paragraphs` one-character paragraphs (1.43 million: 51 MB of XML packed into 160 KB). */
export function wordBomb(paragraphs: number): Promise<Uint8Array> {
  return wordDocumentStreamed(function* () {
    const block = 10_000;
    for (let done = 0; done < paragraphs; done += block) {
      yield '<w:p><w:r><w:t>甲</w:t></w:r></w:p>'.repeat(Math.min(block, paragraphs - done));
    }
  });
}

/** One text run of `characters` times the same letter, as a 900 MB run packed into 900 KB. */
export function wordLongRun(characters: number): Promise<Uint8Array> {
  return wordDocumentStreamed(function* () {
    const block = 'a'.repeat(1 << 20);
    yield '<w:p><w:r><w:t>';
    for (let left = characters; left > 0; left -= block.length)
      yield left >= block.length ? block : block.slice(0, left);
    yield '</w:t></w:r></w:p>';
  }, true);
}

interface ZipEntry {
  name: string;
  crc: number;
  size: number;
  data: Buffer;
}

function deflated(name: string, chunks: Buffer[]): ZipEntry {
  const whole = Buffer.concat(chunks);
  return { name, crc: zlib.crc32(whole), size: whole.length, data: zlib.deflateRawSync(whole) };
}

async function deflatedStream(name: string, chunks: Iterable<Buffer>, runs: boolean): Promise<ZipEntry> {
  let crc = 0;
  let size = 0;
  function* counted(): Generator<Buffer> {
    for (const chunk of chunks) {
      crc = zlib.crc32(chunk, crc);
      size += chunk.length;
      yield chunk;
    }
  }
  const deflate = zlib.createDeflateRaw({ level: 9, ...(runs ? { strategy: zlib.constants.Z_RLE } : {}) });
  const packed: Buffer[] = [];
  for await (const piece of Readable.from(counted()).pipe(deflate)) packed.push(piece as Buffer);
  return { name, crc, size, data: Buffer.concat(packed) };
}

/** A ZIP archive of deflated entries, its central directory giving each entry's true sizes. */
function zip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    directory.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directorySize = directory.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...directory, end]));
}

/**
 * A PDF with a text layer, written by hand: no font with Chinese glyphs is at hand here, and a
 * text layer needs none. The page's characters are drawn with one-byte codes of a standard font
 * whose ToUnicode map gives each code its character, as PDF exports subset fonts. `lines`
 * empty: a page with a drawing and no text, as a scanned page has.
 */
export function pdf(lines: string[]): Uint8Array {
  return pdfPages([lines]);
}

/** A PDF of several such pages, one font shared by all. */
export function pdfPages(pages: string[][]): Uint8Array {
  const alphabet = [...new Set([...pages.flat().join('')])];
  // Codes from 0x21: readers skip control codes and treat 0x20 as a space.
  const FIRST = 0x21;
  if (alphabet.length > 0xff - FIRST) throw new Error('a test PDF holds at most 222 distinct characters');
  const byte = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
  const code = (ch: string) => byte(FIRST + alphabet.indexOf(ch));
  const content = (lines: string[]) =>
    lines.length
      ? `BT /F1 12 Tf 40 800 Td 16 TL ${lines.map((line) => `<${[...line].map(code).join('')}> Tj T*`).join(' ')} ET`
      : '0.5 g 40 400 300 300 re f';
  const unicode = (ch: string) => ch.codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase();
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <00> <FF> endcodespacerange',
    ...chunks(alphabet, 100).map(
      (part, i) =>
        `${part.length} beginbfchar\n${part.map((ch, j) => `<${byte(FIRST + i * 100 + j)}> <${unicode(ch)}>`).join('\n')}\nendbfchar`,
    ),
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  // Objects 1–4 are the catalog, the page tree (with the size and font every page inherits), the
  // font and its map; then one content stream for each different page, then the pages. Pages
  // sharing their content keep a PDF of thousands of pages small, as real exports do.
  const streams = [...new Set(pages.map(content))];
  const streamOf = new Map(streams.map((stream, i) => [stream, i]));
  const firstPage = 5 + streams.length;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${firstPage + i} 0 R`).join(' ')}] /Count ${pages.length} /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> >>`,
    // Full-width advances, so that no two characters are taken for one overprinted glyph.
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar ${FIRST} /LastChar ${FIRST + alphabet.length - 1} /Widths [${alphabet.map(() => 1000).join(' ')}] /ToUnicode 4 0 R >>`,
    `<< /Length ${Buffer.byteLength(cmap)} >>\nstream\n${cmap}\nendstream`,
    ...streams.map((stream) => `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`),
    ...pages.map((lines) => `<< /Type /Page /Parent 2 0 R /Contents ${5 + streamOf.get(content(lines))!} 0 R >>`),
  ];
  const parts = ['%PDF-1.7\n'];
  let length = Buffer.byteLength(parts[0]);
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(length);
    const text = `${i + 1} 0 obj\n${object}\nendobj\n`;
    parts.push(text);
    length += Buffer.byteLength(text);
  });
  parts.push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  parts.push(offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join(''));
  parts.push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  return new Uint8Array(Buffer.from(parts.join(''), 'utf8'));
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}
