import * as OpenCC from 'opencc-js';

/** Which characters a reader wrote in; answers go back in the same. */
export type Script = 'simplified' | 'traditional';

/*
 * OpenCC's Taiwan dictionaries: traditional → simplified for searching (the pages are printed in
 * simplified characters), simplified → traditional for answering. `tw`, not `twp`: quotes from
 * the reports are converted character by character, never reworded (軟件 stays 軟件, not 軟體).
 */
const toSimplifiedChars = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toTraditionalChars = OpenCC.Converter({ from: 'cn', to: 'tw' });

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

/** Text for a reader of `script`: unchanged for simplified. */
export function inScript(text: string, script: Script): string {
  return script === 'traditional' ? toTraditionalChars(text) : text;
}
