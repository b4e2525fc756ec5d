import { UserError } from '../domain/types.js';
import type { ReadBudget } from './read-budget.js';

/**
 * How many pages a PDF may have: checked before any page is read. A day's issue runs 8 to 48
 * pages; a PDF of more is a book or a bundle (10,000 pages ran 6 minutes and took 2.35 GB).
 */
export const MAX_PDF_PAGES = 100;

type PdfDocument = Awaited<ReturnType<typeof import('unpdf').getDocumentProxy>>;

const unreadable = (fileName: string) => new UserError('file-not-pdf', { file: fileName });

/** A page's text as unpdf's `extractText` gives it: the text items, with their line ends. */
async function pageText(document: PdfDocument, pageNumber: number): Promise<string> {
  const page = await document.getPage(pageNumber);
  const content = await page.getTextContent();
  // Marked-content items carry no text.
  return content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
}

/**
 * A PDF's text layer, by unpdf (pdf.js), page after page: the page count is checked first, and
 * time and length after each page, so a document too large is refused with where it stopped.
 */
export async function pdfText(fileName: string, bytes: Uint8Array, budget: ReadBudget): Promise<string> {
  const { getDocumentProxy } = await import('unpdf');
  let document: PdfDocument;
  try {
    // A copy: pdf.js takes over the buffer it is given.
    document = await getDocumentProxy(new Uint8Array(bytes));
  } catch {
    throw unreadable(fileName);
  }
  try {
    const pages = document.numPages;
    if (pages > MAX_PDF_PAGES) {
      throw new UserError('file-too-many-pages', { file: fileName, pages, max: MAX_PDF_PAGES });
    }
    const texts: string[] = [];
    let length = 0;
    for (let n = 1; n <= pages; n++) {
      budget.checkTime({ stage: 'page', page: n, pages });
      const text = await pageText(document, n).catch(() => {
        throw unreadable(fileName);
      });
      length += text.length + 1;
      budget.checkLength(length);
      texts.push(text);
    }
    const text = texts.join('\n');
    if (!text.trim()) {
      throw new UserError('file-no-text-layer', { file: fileName });
    }
    return text;
  } finally {
    await document.destroy();
  }
}
