import type { AnswerKind } from '../query/kind.js';

const CHINESE_NUMBER = '[一二两三四五六七八九十百千万亿半数]';
const FITS: Record<AnswerKind, RegExp> = {
  money: /\d\s*(余|多)?\s*(万|亿)?\s*(元|美元|欧元)|[万亿]元/,
  date: new RegExp(`\\d+\\s*(月|日|年|时)|${CHINESE_NUMBER}+(月|日)|去年|今年|明年|上午|下午|近日|日前`),
  share: /\d\s*(%|％)|百分之|[一二两三四五六七八九]成/,
  frequency: new RegExp(`每(个)?(月|年|周|季度|天|日|半年)|(\\d|${CHINESE_NUMBER})\\s*次`),
  duration: new RegExp(`(\\d|${CHINESE_NUMBER})\\s*(余|多)?\\s*(秒|分钟|小时|天|周|个月|年|学时)`),
  size: /\d\s*(余|多)?\s*(万|亿)?\s*(平方公里|平方米|公里|千米|米|亩|公顷|吨|斤|立方米)/,
  list: /[、,，;；]/,
  // A count, not a date: a number with a measure word (62部, 近300位, 11个).
  quantity: new RegExp(
    `(\\d|${CHINESE_NUMBER})\\s*(余|多)?\\s*[万亿千百]?\\s*(个|家|部|项|名|人次|人|位|天|倍|成|次|种|类|条|所|座|批|台|辆|户|件|元|吨|亩|公里|平方|米|%|％|场|届|期|款|只|头|张|本|份|篇|首|股|块|处|间|层|列|车次|艘|架|枚|颗|棵|株|盏|根|套|栋|幢|支|组|对|箱|轮|宗|笔|单|例|门|级|座)`,
  ),
  reason: /./,
  other: /./,
};

/**
 * Kinds answered by a figure, which a statement either gives or does not. Not dates: what a
 * date question names is an event (哪天启用), and reports say it in other words (启动).
 */
export const FIGURE_KINDS: ReadonlySet<AnswerKind> = new Set([
  'money',
  'share',
  'quantity',
  'duration',
  'size',
  'frequency',
]);

/** Whether a sentence can be the sort of answer the question wants (an amount, a date, …). */
export function fitsKind(sentence: string, kind: AnswerKind): boolean {
  return FITS[kind].test(sentence);
}

/**
 * Where a sentence first says something of the kind (the end of a figure's number and its unit),
 * or first does so starting with what `starts` matches.
 */
export function kindMatch(
  sentence: string,
  kind: AnswerKind,
  starts?: RegExp,
): { index: number; length: number } | null {
  const all = new RegExp(FITS[kind].source, 'g');
  for (const match of sentence.matchAll(all))
    if (!starts || starts.test(match[0][0])) return { index: match.index, length: match[0].length };
  return null;
}
