import iconv from 'iconv-lite';
import { Document, Packer, Paragraph } from 'docx';

/** Text pages saved the ways newsrooms save them, made in the test (no fixture files). */
export const encoded = (text: string, encoding: 'gbk' | 'big5' | 'utf-16le' | 'utf-16be'): Uint8Array =>
  new Uint8Array(iconv.encode(text, encoding));

export async function wordDocument(text: string): Promise<Uint8Array> {
  const document = new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }] });
  return new Uint8Array(await Packer.toBuffer(document));
}

/**
 * A PDF with a text layer, written by hand: no font with Chinese glyphs is at hand here, and a
 * text layer needs none. The page's characters are drawn with one-byte codes of a standard font
 * whose ToUnicode map gives each code its character, as PDF exports subset fonts. `lines`
 * empty: a page with a drawing and no text, as a scanned page has.
 */
export function pdf(lines: string[]): Uint8Array {
  const alphabet = [...new Set([...lines.join('')])];
  // Codes from 0x21: readers skip control codes and treat 0x20 as a space.
  const FIRST = 0x21;
  if (alphabet.length > 0xff - FIRST) throw new Error('a test PDF holds at most 222 distinct characters');
  const byte = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
  const code = (ch: string) => byte(FIRST + alphabet.indexOf(ch));
  const content = lines.length
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
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    // Full-width advances, so that no two characters are taken for one overprinted glyph.
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar ${FIRST} /LastChar ${FIRST + alphabet.length - 1} /Widths [${alphabet.map(() => 1000).join(' ')}] /ToUnicode 6 0 R >>`,
    `<< /Length ${Buffer.byteLength(cmap)} >>\nstream\n${cmap}\nendstream`,
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'utf8'));
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}
