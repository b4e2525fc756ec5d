import type { SmallTalk } from '../../domain/types.js';

/*
 * Small talk: a greeting, thanks, or a question about the bot itself ("你是谁", "what can you
 * do"). It is answered with a few words and example questions, not searched for in the reports.
 */

/**
 * The phrases of small talk, in simplified Chinese and English (traditional characters are folded
 * before reading). An utterance is small talk only when it is made of nothing else, so "你好，青岛
 * 去年…多少？" is a question. Longer phrases come first: the first that matches is taken.
 */
const PHRASES: Array<[SmallTalk, RegExp]> = [
  [
    'about',
    /^(?:(请)?(你|您)(是|叫)(谁|什么|哪位|啥|什么东西|什么机器人|机器人)|(你|您)(能|会|可以)(做|干|帮我?做?|帮我干)?(什么|啥|些什么)|(我)?(能|可以)(问|问你)(什么|些什么|啥)|(你|您)(知道|懂)(什么|些什么|啥)|(你|您)?(怎么|如何)(用|使用)|(自我)?介绍(一下)?(你自己|自己)?|帮助|使用说明|who are you|what are you|what can (you|i) (do|ask)( for me)?|what do you (do|know)|how (do|can) i use (you|this( bot)?)|help( me)?)/,
  ],
  ['thanks', /^(?:(非常|太|多|十分)?(谢谢|感谢|谢了|多谢|辛苦)(你|您)?(了|啦)?|thanks?( you)?|thx|ty)/],
  [
    'greeting',
    /^(?:(你|您|大家)好|(早上|上午|中午|下午|晚上)好|早安|晚安|嗨|哈喽|哈啰|嘿|在吗|在不在|hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings)/,
  ],
];

/** What may surround the phrases: particles, a name for the bot, punctuation, emoji. */
const FILLER =
  /^(?:[\s\p{P}\p{S}\p{Emoji_Presentation}]+|(啊|呀|哇|哦|噢|嗯|喔|呢|吗|嘛|吧|啦|哈|呵|的|了|老师|小编|机器人|助手|小助手|朋友)|there|bot|dear|please|again|very much|so much|a lot|lots)/u;

/** Small talk is short; a longer message is read as a question. */
const MAX_LENGTH = 24;

/**
 * The kind of small talk `utterance` is, or null when it is (or holds) anything else. `utterance`
 * is in simplified characters. A greeting gives way to what follows it ("你好，你是谁" asks about
 * the bot); otherwise the first phrase says what it is ("谢谢你的帮助" thanks).
 */
export function smallTalkOf(utterance: string): SmallTalk | null {
  const text = utterance.trim().toLowerCase();
  if (!text || [...text].length > MAX_LENGTH) return null;
  const found: SmallTalk[] = [];
  let at = 0;
  while (at < text.length) {
    const phrase = phraseAt(text, at);
    if (phrase) {
      found.push(phrase.kind);
      at = phrase.end;
      continue;
    }
    const filler = FILLER.exec(text.slice(at));
    if (!filler) return null;
    at += filler[0].length;
  }
  return found.find((kind) => kind !== 'greeting') ?? found[0] ?? null;
}

/** The phrase starting at `at`, if one ends at a word boundary there (so "hi" is not "history"). */
function phraseAt(text: string, at: number): { kind: SmallTalk; end: number } | null {
  for (const [kind, pattern] of PHRASES) {
    const match = pattern.exec(text.slice(at));
    if (!match) continue;
    const end = at + match[0].length;
    if (/[a-z]/.test(text[end - 1]) && /[a-z]/.test(text[end] ?? '')) continue;
    return { kind, end };
  }
  return null;
}
