/** Telegram refuses longer messages (counted after entity parsing, so raw HTML length is safe). */
const MESSAGE_LIMIT = 4096;

interface Token {
  text: string;
  kind: 'open' | 'close' | 'text';
  /** Element name of a tag. */
  name?: string;
  /** A message may end after this token with a whole sentence. */
  sentenceEnd?: boolean;
  space?: boolean;
}

const TOKEN = /<\/?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&[#a-zA-Z0-9]+;|\[\d+\]|[\s\S]/gu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const text = match[0];
    if (match[1]) {
      const name = match[1].toLowerCase();
      tokens.push({ text, kind: text.startsWith('</') ? 'close' : 'open', name });
    } else {
      tokens.push({ text, kind: 'text', sentenceEnd: /^[。！？；\n]$/.test(text), space: /^\s$/.test(text) });
    }
  }
  // ASCII punctuation ends a sentence only before a space or a marker: "50.1亿元" is one number.
  for (let i = 0; i < tokens.length; i++) {
    if (
      /^[.!?;]$/.test(tokens[i].text) &&
      (i + 1 === tokens.length || tokens[i + 1].space || /^\[\d+\]$/.test(tokens[i + 1].text))
    )
      tokens[i].sentenceEnd = true;
  }
  // A citation marker belongs to the sentence before it: "…50.1亿元。[1]" ends after the marker.
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].sentenceEnd && /^\[\d+\]$/.test(tokens[i + 1].text)) {
      tokens[i].sentenceEnd = false;
      tokens[i + 1].sentenceEnd = true;
    }
  }
  return tokens;
}

/**
 * Cuts an HTML message into parts of at most `limit` characters. Parts end at a sentence
 * boundary where one fits (else at a space, else anywhere between characters), never inside a
 * tag, an entity, a citation marker or a surrogate pair; elements open at a cut are closed at the
 * end of one part and reopened at the start of the next, so every part parses on its own.
 */
export function splitMessage(html: string, limit = MESSAGE_LIMIT): string[] {
  const tokens = tokenize(html);
  const parts: string[] = [];
  let open: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const prefix = open.map((tag) => tag.text).join('');
    const stack = [...open];
    let length = prefix.length;
    let sentenceCut = -1;
    let spaceCut = -1;
    let anyCut = -1;
    const cuts = new Map<number, Token[]>();
    let j = i;
    for (; j < tokens.length; j++) {
      const token = tokens[j];
      const closing = stack.map((tag) => `</${tag.name}>`).join('').length;
      if (length + token.text.length + (token.kind === 'open' ? closing + token.name!.length + 3 : closing) > limit)
        break;
      length += token.text.length;
      if (token.kind === 'open') stack.push(token);
      else if (token.kind === 'close') {
        const at = stack.map((tag) => tag.name).lastIndexOf(token.name);
        if (at >= 0) stack.splice(at, 1);
      }
      cuts.set(j + 1, [...stack]);
      if (token.kind !== 'open') anyCut = j + 1;
      if (token.sentenceEnd) sentenceCut = j + 1;
      if (token.space) spaceCut = j + 1;
    }
    if (j === tokens.length) {
      parts.push(
        prefix +
          tokens
            .slice(i)
            .map((tk) => tk.text)
            .join('') +
          closeAll(stack),
      );
      break;
    }
    const cut = sentenceCut > i ? sentenceCut : spaceCut > i ? spaceCut : anyCut > i ? anyCut : -1;
    if (cut < 0) throw new Error(`cannot split a message at ${limit} characters: an indivisible piece is too long`);
    const cutStack = cuts.get(cut)!;
    const piece =
      prefix +
      tokens
        .slice(i, cut)
        .map((tk) => tk.text)
        .join('') +
      closeAll(cutStack);
    parts.push(piece.replace(/\s+$/u, '') || piece);
    open = cutStack;
    i = cut;
    // A part should not start with the whitespace that separated it from the previous one.
    while (i < tokens.length && tokens[i].space) i++;
  }
  return parts.filter((part) => part.replace(/<[^>]*>/g, '').trim() !== '');
}

function closeAll(stack: Token[]): string {
  return [...stack]
    .reverse()
    .map((tag) => `</${tag.name}>`)
    .join('');
}
