import { describe, expect, it } from 'vitest';
import { analyzeParts, languageOf, MAX_SEARCHED_WORDS, searchedWords } from '../../src/qa/query/analyze.js';
import { queryOf } from '../../src/qa/query/query.js';
import { answerKind, listSize } from '../../src/qa/query/kind.js';
import { inScript, scriptOf, toSimplified } from '../../src/text/script.js';
import { translateEnglish } from '../../src/text/crosslingual.js';
import { timeOf } from '../../src/qa/query/time.js';
import { inWrittenForm } from '../../src/qa/query/colloquial.js';

/** Every word counts as used by the pages, in few passages: the analysis alone is under test. */
const everyWord = () => 0.01;
const statistics = { share: everyWord, rarity: () => 1, rarest: 1 };

describe('question analysis', () => {
  it.each([
    ['青岛去年帮中西部卖了多少农产品？', 'zh', 'simplified'],
    ['青島去年幫中西部賣了多少農產品？', 'zh', 'traditional'],
    ['青島去年帮中西部卖了多少農產品', 'zh', 'traditional'],
    ['How many micro-dramas did Qingdao register?', 'en', 'simplified'],
    ['著名的青岛啤酒节在哪天开幕？', 'zh', 'simplified'],
    ['ＲＣＥＰ签署后青岛做了什么？', 'zh', 'simplified'],
  ])('%s → %s, %s', (question, language, script) => {
    expect(languageOf(question)).toBe(language);
    expect(scriptOf(question)).toBe(script);
    const analysis = queryOf(question, statistics);
    expect(analysis).toMatchObject({ language, script });
  });

  it.each([
    ['去年青岛备案的重点网络微短剧有几部？占全省多大比例？', 3],
    ['青岛长护险累计支出多少护理保险资金？', 1],
    ['How many experts joined, and how many companies?', 3],
  ])('splits %s into %i part(s), the whole first', (question, parts) => {
    const analysis = analyzeParts(question, everyWord);
    expect(analysis).toHaveLength(parts);
    expect(analysis[0].text).toBe(question);
  });

  it('finds the thing a counting question asks for, and the word it counts', () => {
    const [part] = analyzeParts('全市一共评出了多少名道德模范？', everyWord);
    expect(part.kind).toBe('quantity');
    expect(part.groups.filter((group) => group.focus).map((group) => group.label)).toContain('道德');
    expect(part.counted).toBe('道德');
  });

  it('asks for the thing an adjective or a preposition qualifies, and needs no report to name it', () => {
    const focus = (question: string) =>
      analyzeParts(question, everyWord)[0]
        .groups.filter((group) => group.focus)
        .map((group) => group.label);
    expect(focus('2022年10月1日电子烟行业发生了什么重要变化？')).toEqual(['变化']);
    expect(focus('当天发生了什么关于存款利率的变动？')).toEqual(['存款']);
    const [which] = analyzeParts('2019年3月23日在哪个城市发生了绑架事件？', everyWord);
    expect(which.specifics).toEqual(['2019年']);
    expect(which.groups.find((group) => group.label === '城市')).toMatchObject({ focus: true, name: false });
  });

  it('splits a question that dates by another event into that event and what is asked', () => {
    const parts = analyzeParts('博鳌亚洲论坛2022年年会闭幕当天，铁矿期货的价格是多少？', everyWord);
    expect(parts.map((part) => part.text)).toEqual([
      '博鳌亚洲论坛2022年年会闭幕当天，铁矿期货的价格是多少？',
      '博鳌亚洲论坛2022年年会闭幕当天',
      '铁矿期货的价格是多少？',
    ]);
  });

  it('tells a kind asked for (什么变化, 哪个国家) from a thing counted or a subject defined', () => {
    const focus = (question: string) => analyzeParts(question, everyWord)[0].groups.find((group) => group.focus);
    expect(focus('电子烟行业发生了什么重要变化？')).toMatchObject({ label: '变化', category: true });
    expect(focus('特朗普针对哪个国家发表了声明？')).toMatchObject({ label: '国家', category: true });
    expect(focus('全市一共评出了多少名道德模范？')).toMatchObject({ category: false });
    expect(focus('孙永良提了哪两方面的希望？')).toMatchObject({ label: '方面', category: false });
    expect(focus('什么是易颉输入法？')).toMatchObject({ category: false });
  });

  it.each([
    ['青岛至巴黎的货运航线由哪家航空公司执飞？', ['青岛', '巴黎']],
    ['9号线北段最高时速多少？', ['9号线']],
    ['2018年青岛帮销了多少农产品？', ['青岛', '2018年']],
    // jieba reads 莱|西医|共体 and takes 上台 for a place: neither is a name.
    ['莱西医共体为什么按人头打包付费？', []],
    ['一共有几个部门的一把手上台？', []],
    ['JAXR的代号是什么？', ['jaxr']],
  ])('finds what %s names that a report must name too', (question, specifics) => {
    const known = (word: string) => (['莱西', '共体', '青岛', '航线', '部门'].includes(word) ? 0.01 : 0);
    expect(analyzeParts(question, known)[0].specifics).toEqual(specifics);
  });

  it('searches a name that begins with 何, and not the words that ask with it', () => {
    const [part] = analyzeParts('何炳荣何时被开除党籍？', everyWord);
    expect(part.ftsQuery.split(' ')).toContain('何炳荣');
    expect(part.ftsQuery.split(' ')).not.toContain('何时');
  });

  it('searches at most the rarest MAX_SEARCHED_WORDS words the pages use, and every word they do not', () => {
    const used = Array.from({ length: MAX_SEARCHED_WORDS + 5 }, (_, i) => `w${i}`);
    // w0 is the commonest; w-none is never printed and costs the search nothing.
    const share = (word: string) => (word === 'w-none' ? 0 : 1 / (1 + Number(word.slice(1))));
    const searched = searchedWords(['w-none', ...used], share);
    expect(searched).toEqual(['w-none', ...used.slice(5)]);
    expect(searchedWords(used.slice(0, MAX_SEARCHED_WORDS), share)).toEqual(used.slice(0, MAX_SEARCHED_WORDS));
  });

  it('caps the words an English question searches, keeping its rarest translations', () => {
    const question =
      'In Laixi reform that pays medical insurance funds per capita to hospitals, which bureau signed the service agreement?';
    const common = new Set(['服务', '业务', '签署', '标志', '改革']);
    const [part] = analyzeParts(question, (word) =>
      /\p{Script=Han}/u.test(word) ? (common.has(word) ? 0.3 : 0.01) : 0,
    );
    const searched = part.ftsQuery.split(' ').filter((word) => /\p{Script=Han}/u.test(word));
    expect(searched).toHaveLength(MAX_SEARCHED_WORDS);
    expect(searched.filter((word) => common.has(word))).toEqual([]);
    expect(searched).toContain('莱西');
  });

  it('marks proper names', () => {
    const [part] = analyzeParts('崂山区和陇南礼县合建的平台是哪天上线的？', everyWord);
    expect(part.groups.filter((group) => group.name).map((group) => group.label)).toEqual(
      expect.arrayContaining(['陇南']),
    );
  });

  it('converts traditional to simplified and back character by character', () => {
    expect(toSimplified('長護險累計支出護理保險資金53億元')).toBe('长护险累计支出护理保险资金53亿元');
    expect(inScript('长护险累计支出护理保险资金53亿元', 'traditional')).toBe('長護險累計支出護理保險資金53億元');
    expect(inScript('软件', 'traditional')).toBe('軟件');
    expect(inScript('青岛', 'simplified')).toBe('青岛');
  });
});

describe('spoken Chinese read in its written form', () => {
  it.each([
    ['莱西为啥要弄个人才配置工程？', '莱西为什么要弄个人才配置工程？'],
    ['政企客厅是啥时候开的呀？', '政企客厅是什么时候开的呀？'],
    ['那家公司叫啥来着？', '那家公司叫什么来着？'],
    ['是村里缺人还是咋回事？', '是村里缺人还是怎么回事？'],
    ['一吨啥价啊？', '一吨什么价格啊？'],
    ['价格是多少？', '价格是多少？'],
    ['他们俩谁先到？', '他们两个谁先到？'],
  ])('%s → %s', (spoken, written) => {
    expect(inWrittenForm(spoken)).toBe(written);
  });

  it.each([
    ['莱西为啥要弄个人才配置工程啊？', 'reason'],
    ['现在青岛泡菜卖到韩国去，一吨啥价啊？', 'money'],
    ['政企客厅到底是啥时候开的呀？', 'date'],
  ])('%s asks for a %s', (question, kind) => {
    expect(analyzeParts(question, everyWord)[0].kind).toBe(kind);
  });

  it('takes the spoken price word for the thing asked for, not the amount before it', () => {
    const [part] = analyzeParts('泡菜卖到韩国去，一吨啥价啊？', everyWord);
    expect(part.groups.filter((group) => group.focus).map((group) => group.label)).toEqual(['价格']);
    expect(part.groups.map((group) => group.label)).not.toContain('搞');
  });
});

describe('answer kinds', () => {
  it.each([
    ['这个项目花了多少钱？', 'money'],
    ['平台是哪天正式上线的？', 'date'],
    ['占全省多大比例？', 'share'],
    ['护理员多久上门一次？', 'frequency'],
    ['培训要多长时间？', 'duration'],
    ['基地面积有多大？', 'size'],
    ['有多少家定点护理机构？', 'quantity'],
    ['主要活动内容有哪几项？', 'list'],
    ['报道提到了哪些问题？', 'list'],
    ['为什么要按人头付费？', 'reason'],
    ['How many experts are in the alliance?', 'quantity'],
    ['How many of the FTZ area’s cases were chosen?', 'quantity'],
    ['What is the area of the new park?', 'size'],
    ['When did the platform go online?', 'date'],
    ['Why was the reform made?', 'reason'],
    ["How fast did Laoshan's GDP grow in the first half?", 'share'],
    ['谁在会上发言？', 'other'],
  ])('%s → %s', (question, kind) => {
    expect(answerKind(question)).toBe(kind);
  });
});

describe('the size of a list asked for', () => {
  it.each([
    ['孙永良提了哪两方面的希望？', 2],
    ['到底是哪四个呀？', 4],
    ['“七帮”具体是帮哪七个方面？', 7],
    ['报道指出还存在哪几方面的问题？', null],
    ['有哪些企业？', null],
    ['Which two corridors are in the plan?', 2],
    ['Which companies joined?', null],
  ])('%s → %s', (question, size) => {
    expect(listSize(question)).toBe(size);
  });
});

describe('the English bridge (CC-CEDICT read backwards)', () => {
  // As if the pages used every Chinese word: what the dictionary offers is under test.
  const pages = new Set(['地图', '组织', '机构', '中心', '专家', '企业', '公司', '疫情', '展览', '生产总值']);
  const frequency = (chinese: string) => (pages.has(chinese) ? 0.01 : 0);

  it.each([
    ['map', '地图'],
    ['organisation', '组织'],
    ['organization', '组织'],
    ['centre', '中心'],
    ['experts', '专家'],
    ['companies', '企业'],
    ['epidemic', '疫情'],
    ['gdp', '生产总值'],
  ])('%s → %s', (english, chinese) => {
    const [translated] = translateEnglish([english], frequency);
    expect(translated.chinese).toContain(chinese);
  });

  it('offers only words the pages use', () => {
    const [translated] = translateEnglish(['password'], frequency);
    expect(translated.chinese).toEqual([]);
  });
});

describe('times the reports are asked about', () => {
  const today = new Date('2026-11-25T00:00:00Z');
  it.each([
    ['2023年9月的报道里，青岛开了什么会？', '2023-09', '2023-10'],
    ['2021年的报道提到哪些项目', '2021', '2022'],
    ['去年的报道说了什么', '2025', '2026'],
    ['今年的新闻有哪些', '2026', '2027'],
    ['最近有什么新闻？', '2026-08-25', '2026-11-26'],
    ['What did the reports in September 2023 say?', '2023-09', '2023-10'],
    ['Any recent news about Laoshan?', '2026-08-25', '2026-11-26'],
  ])('%s', (question, from, to) => {
    expect(timeOf(question, today)).toMatchObject({ from, to });
  });

  it.each([['2024年青岛帮销了多少农产品？'], ['最近青岛建了多少口袋公园'], ['How much did Qingdao sell in 2024?']])(
    "not %s: a figure's year, or no reports asked about",
    (question) => {
      expect(timeOf(question, today)).toBeNull();
    },
  );
});
