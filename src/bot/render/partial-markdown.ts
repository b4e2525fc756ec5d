/** Emphasis marks a model opens and closes within a paragraph; the longest is matched first. */
const MARKS = ['**', '__', '~~', '*', '_', '`'] as const;
type Mark = (typeof MARKS)[number];

/** A last line that is only the start of a block ("-", "1.", "#", ">"): its content has not come yet. */
const BARE_BLOCK_START = /(?:^|\n)[ \t]*(?:[-*+]|\d+[.)]|#{1,6}|>)?[ \t]*$/;

/**
 * Markdown cut off mid-stream, completed as the model is about to complete it: an open code
 * fence, code span, bold, italics or strikethrough closed where the text stops, and a list item
 * or heading with no text yet left out. Rendered, a draft then looks like the finished answer
 * instead of showing "**简答：" or "- " as typed.
 */
export function closeMarkdown(text: string): string {
  const fences = text.match(/^[ \t]*```/gm)?.length ?? 0;
  if (fences % 2 === 1) return `${text}\n\`\`\``;
  // Marks at the very end may be half of a longer one ("*" of "**"), or a closing one: left out
  // until the next characters say which, as what they open is closed here anyway.
  const body = text
    .replace(BARE_BLOCK_START, '')
    .trimEnd()
    .replace(/[*_~`]+$/, '');
  const lastParagraph = body.split(/\n[ \t]*\n/).at(-1) ?? '';
  return body + openMarks(withoutFencedCode(lastParagraph)).reverse().join('');
}

function withoutFencedCode(paragraph: string): string {
  return paragraph.replace(/```[\s\S]*?```/g, '');
}

/** The marks still open at the end of a paragraph, in the order they were opened. */
function openMarks(paragraph: string): Mark[] {
  const open: Mark[] = [];
  // List bullets ("* item") open no emphasis.
  const text = paragraph.replace(/^[ \t]*[-*+][ \t]+/gm, '');
  let i = 0;
  while (i < text.length) {
    const mark = MARKS.find((m) => text.startsWith(m, i));
    if (!mark) {
      i += text[i] === '\\' ? 2 : 1;
      continue;
    }
    i += mark.length;
    // Inside a code span only its closing backtick counts.
    if (open.at(-1) === '`' && mark !== '`') continue;
    // "_" inside a word (snake_case) is no emphasis.
    if (mark === '_' && /\w/.test(text[i - 2] ?? '') && /\w/.test(text[i] ?? '')) continue;
    const at = open.lastIndexOf(mark);
    if (at === -1) open.push(mark);
    else open.splice(at);
  }
  return open;
}
