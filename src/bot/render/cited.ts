/** A sentence ends at its stop, and takes the closing quote after it. */
const SENTENCE = /[^。！？!?；;\n]+(?:[。！？!?；;]+[”’"』」]?)?/g;

const TRAILING_STOPS = /[。！？!?；;”’"』」\s]+$/;
/** A quoted clause shorter than this could stand in many sentences. */
const MIN_CLAUSE = 6;

/** Below this share of shared character pairs, an answer's sentence is not taken to say a passage's. */
const MIN_LIKENESS = 0.3;

/** The sentences of an answer that cite source `n` ("…50.1亿元[1]。"), without markers or Markdown marks. */
export function claimsCiting(answer: string, n: number): string[] {
  const marker = new RegExp(`\\[(?:\\d+[,，、]\\s*)*${n}(?:[,，、]\\s*\\d+)*\\]`);
  // A marker after the stop ("…发展。[1]") belongs to the sentence before it.
  const markersInside = answer.replace(/([。！？!?；;]+)((?:\[[\d,，、\s]+\])+)/g, '$2$1');
  return (markersInside.match(SENTENCE) ?? [])
    .filter((sentence) => marker.test(sentence))
    .map((sentence) => sentence.replace(/\[[\d,，、\s]+\]|[*_~`]/g, '').trim())
    .filter(Boolean);
}

/**
 * Where a passage says what the claims say: for each claim, the passage sentence it quotes, or
 * else the one most like it, as `[start, end)` offsets in `passage`, in order and apart.
 */
export function citedSpans(passage: string, claims: string[]): Array<[number, number]> {
  const sentences = [...passage.matchAll(SENTENCE)].map((m) => ({ start: m.index, text: m[0] }));
  const chosen = new Set<number>();
  for (const claim of claims) {
    let best = -1;
    let bestLikeness = MIN_LIKENESS;
    // An answer may quote a clause of a sentence ("…50.1亿元。" of "…50.1亿元,助力…").
    const clause = claim.replace(TRAILING_STOPS, '');
    sentences.forEach((sentence, i) => {
      const core = sentence.text.replace(TRAILING_STOPS, '');
      const quoted = (core && claim.includes(core)) || ([...clause].length >= MIN_CLAUSE && core.includes(clause));
      const likeness = quoted ? 1 : dice(pairs(claim), pairs(core));
      if (likeness >= bestLikeness) [best, bestLikeness] = [i, likeness];
    });
    if (best >= 0) chosen.add(best);
  }
  return [...chosen]
    .sort((a, b) => a - b)
    .map((i) => [sentences[i].start, sentences[i].start + sentences[i].text.trimEnd().length]);
}

function pairs(text: string): Set<string> {
  const chars = [...text.replace(/\s+/g, '')];
  return new Set(chars.slice(1).map((char, i) => chars[i] + char));
}

function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const pair of a) if (b.has(pair)) shared++;
  return (2 * shared) / (a.size + b.size);
}
