/**
 * Report files: plain text (`.md` too: admins often save notes that way), Word documents, PDFs
 * with a text layer, an e-paper's HTML article pages and CMS exports (JSON Lines, CSV). The bot
 * tells a page sent to it from any other file by this.
 */
const REPORT_EXTENSIONS = ['.txt', '.md', '.docx', '.pdf', '.html', '.htm', '.jsonl', '.csv'] as const;

export function isReportName(fileName: string): boolean {
  return REPORT_EXTENSIONS.some((extension) => fileName.toLowerCase().endsWith(extension));
}
