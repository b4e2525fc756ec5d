/**
 * What sort of answer a question wants. A sentence that cannot be of that sort (no amount of money
 * for "花了多少钱", no date for "哪天") is a weak answer however many words it shares.
 */
export type AnswerKind =
  | 'money'
  | 'date'
  | 'share'
  | 'frequency'
  | 'duration'
  | 'size'
  | 'quantity'
  | 'list'
  | 'reason'
  | 'other';

const KINDS: Array<[AnswerKind, RegExp]> = [
  [
    'money',
    /(多少|几)[^，,。？?]{0,4}(钱|费|资金|金额|元)|费用|金额|租金|票价|售价|工资|薪酬|价格[^，,。？?]{0,3}(多少|几何)|(什么|多少)价格|how much (money|did .* (cost|spend|pay))|\b(cost|fee|fees|price|paid|pay)\b/i,
  ],
  [
    'date',
    /哪天|哪一天|哪日|什么时候|何时|哪年|哪一年|几月|几号|几日|几点|日期|\bwhen\b|what (date|day|time|year)|which (date|day|year)/i,
  ],
  ['share', /比例|比重|占比|百分之|多少成|what (percentage|share|proportion)|\bpercent|how fast .*\bgr[eo]w/i],
  ['frequency', /多久[^，,。？?]{0,6}一次|多长时间[^，,。？?]{0,6}一次|频次|频率|how often/i],
  ['duration', /多长时间|多久|多少时间|多少天|how long (does|did|will|do|is|was) /i],
  // "规模多大" asks for an amount of money or things, so 多大 alone is a quantity.
  ['size', /面积|占地|多长|多高|多远|长度|how (long|far|tall)|\b(the|its|what) (area|length)\b|square (met|kilomet)/i],
  // 哪几项 asks for the items, not how many: a list before a quantity.
  [
    'list',
    /哪些|哪几|哪两|哪三|哪[一二三四五六七八九十]+个|分别|有什么|哪方面|what are|which (ones|two|three)|\blist\b/i,
  ],
  [
    'quantity',
    /多少|几|多大|规模|多长|多高|多远|多久|比例|百分之|增长了|涨了|how (many|much|long|large|big|far)|what (percentage|share|proportion|rate)|growth rate/i,
  ],
  ['reason', /为什么|为何|原因|怎么解释|秘诀|\bwhy\b|\bhow come\b|what (made|makes|caused|causes)|reason/i],
];

export function answerKind(question: string): AnswerKind {
  return KINDS.find(([, pattern]) => pattern.test(question))?.[0] ?? 'other';
}

const NUMERALS = '一二两三四五六七八九十';

/** How many items a list question names ("哪两方面": 2, "which three"), or null when it does not say. */
export function listSize(question: string): number | null {
  const chinese = new RegExp(`哪([${NUMERALS.slice(1)}])`).exec(question);
  if (chinese) return Math.max(2, NUMERALS.indexOf(chinese[1]));
  const english = /\bwhich (two|three|four|five)\b/i.exec(question);
  return english ? ['two', 'three', 'four', 'five'].indexOf(english[1].toLowerCase()) + 2 : null;
}
