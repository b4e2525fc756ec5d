import * as OpenCC from 'opencc-js';

/** Which characters a reader wrote in; answers go back in the same. */
export type Script = 'simplified' | 'traditional';

/*
 * OpenCC's Taiwan dictionaries: traditional → simplified for searching (pages and questions are
 * folded to simplified), simplified → traditional for answering. `tw`, not `twp`: quotes from
 * the reports are converted character by character, never reworded (軟件 stays 軟件, not 軟體).
 */
let converters: { simplified: (text: string) => string; traditional: (text: string) => string } | null = null;

/**
 * Built on first use, or at start by `prepareScripts`: building both takes about 200 ms of CPU and
 * 70 MB, which a process that never converts text (`npm run ingest` with nothing new: its pages
 * are converted on the page worker's thread) need not pay.
 */
function convertersOf() {
  converters ??= {
    simplified: OpenCC.Converter({ from: 'tw', to: 'cn' }),
    traditional: OpenCC.Converter({ from: 'cn', to: 'tw' }),
  };
  return converters;
}

export function prepareScripts(): void {
  convertersOf();
}

const toSimplifiedChars = (text: string) => convertersOf().simplified(text);
const toTraditionalChars = (text: string) => convertersOf().traditional(text);

function changed(a: string, b: string): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
}

/**
 * The script most of the text is in: the conversion that changes more characters shows which
 * they were not. Mixed input ("青島去年帮…") goes with its majority; text without Chinese
 * characters that differ between the scripts is simplified.
 */
export function scriptOf(text: string): Script {
  return changed(text, toSimplifiedChars(text)) > changed(text, toTraditionalChars(text))
    ? 'traditional'
    : 'simplified';
}

export function toSimplified(text: string): string {
  return toSimplifiedChars(text);
}

/** A sentence with what ends it, or a line: the stretch of text a script is decided for. */
const SENTENCE = /[^。！？!?；;\n]+[。！？!?；;\n]*|[。！？!?；;\n]+/g;

/**
 * Text in one script for searching and matching: each sentence in traditional characters is
 * converted to simplified, each in simplified left as it is. Converting simplified text with the
 * traditional dictionaries is not harmless (显著 would become 显着), so pages and questions in
 * simplified characters are searched exactly as before, and a page that quotes a traditional
 * document in a simplified report (or the reverse) is folded sentence by sentence. Index and
 * question go through this same function, so whatever it does, they meet.
 */
export function foldScript(text: string): string {
  // Text that the conversion to simplified leaves as it is has no sentence to fold: one
  // conversion of the whole text, rather than two of each sentence (most of an ingest's parsing).
  if (!/\p{Script=Han}/u.test(text) || toSimplifiedChars(text) === text) return text;
  return text.replace(SENTENCE, (sentence) =>
    scriptOf(sentence) === 'traditional' ? toSimplifiedChars(sentence) : sentence,
  );
}

/**
 * Text for a reader of `script`. A reader of simplified characters gets a quote from a page
 * printed in traditional ones in simplified too: a mainland reader expects one script throughout,
 * as mainland papers print quoted Hong Kong and Taiwan documents; the conversion goes character by
 * character (never reworded), and the citation opens the passage as printed. Sentences already in
 * simplified are left exactly as they are.
 */
export function inScript(text: string, script: Script): string {
  return script === 'traditional' ? toTraditionalChars(text) : foldScript(text);
}
