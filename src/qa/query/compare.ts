import { taggedWords } from '../../text/segment.js';

/** A question that compares events in time: which came first, or whether they fell together. */
const IN_TIME = /更早|最早|更晚|最晚|先发生|后发生|早于|晚于|同一(?:年|个?月|天|日|周|季度)/;
/** Where the comparison begins: what comes before it names the events. */
const CUE =
  /[，,]?\s*(?:(?:这|以上|上述)(?:两|三|四|几|些)?(?:个|项|件)?事件|哪一?个|哪项|哪件|是否|(?:是|都是)?(?:在|发生在)?同一|最早|更早|先发生|相比)/;
const JOINS = new Set(['和', '与', '跟', '及', '以及', '同', '还是', '或']);
const MARKS = /[、，,；;]/;
const MIN_EVENT = 4;
const NUMBERED = /(?:^|\s|[：:？?。；;，,])\d+\s*[、.．)）]\s*/;
/** "以下哪个最早发生：A、B还是C？": the events follow the question. */
const LISTED_AFTER = /[：:？?]\s*([^：:？?]{8,})[？?。]?$/;

/**
 * The question's pieces around the marks and the words that join them (、, 和, 与); the words as
 * jieba cuts them, so that 共和国 stays whole. A piece too short to name an event stays joined.
 */
function joined(text: string): string[] {
  return text.split(MARKS).flatMap((clause) => {
    const pieces: string[] = [''];
    for (const { word } of taggedWords(clause)) {
      if (JOINS.has(word) && [...pieces[pieces.length - 1]].length >= MIN_EVENT) pieces.push('');
      else pieces[pieces.length - 1] += word;
    }
    return pieces;
  });
}

/**
 * The events a question compares in time ("A和B哪个更早发生？", "A与B是同一年吗？", "以下哪项最早？
 * 1、A 2、B", "哪个最早发生：A、B还是C？"), each to be searched on its own: one report seldom tells both. Empty for any other
 * question.
 */
export function comparedEvents(question: string): string[] {
  if (!IN_TIME.test(question)) return [];
  const numbered = question.split(NUMBERED);
  const cue = CUE.exec(question);
  const after = LISTED_AFTER.exec(question);
  const pieces =
    numbered.length > 2
      ? numbered.slice(1)
      : after && MARKS.test(after[1])
        ? joined(after[1])
        : cue
          ? joined(question.slice(0, cue.index))
          : [];
  const events = pieces
    .map((piece) => piece.replace(/[。？?！!]+$/, '').trim())
    .filter((piece) => [...piece].length >= MIN_EVENT);
  return events.length >= 2 ? events : [];
}
