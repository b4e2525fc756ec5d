/**
 * Spoken Chinese asks with words the printed pages never use (啥, 咋, 为啥). Read in their written
 * forms, a colloquial question's asking word, its answer kind and the thing it asks for are found
 * as they are for a written one. Longer forms first: 为啥 is 为什么, not 为 + 什么.
 */
const SPOKEN_ASKING: Array<[RegExp, string]> = [
  [/为啥|干嘛|干吗/g, '为什么'],
  [/啥时候|啥时|多会儿/g, '什么时候'],
  [/啥/g, '什么'],
  // "一吨什么价": 价 alone is spoken; the pages print 价格.
  [/(什么|多少)价(?![格钱位值])/g, '$1价格'],
  [/咋样/g, '怎么样'],
  [/咋/g, '怎么'],
  [/俩/g, '两个'],
  [/仨/g, '三个'],
];

export function inWrittenForm(question: string): string {
  return SPOKEN_ASKING.reduce((text, [spoken, written]) => text.replace(spoken, written), question);
}
