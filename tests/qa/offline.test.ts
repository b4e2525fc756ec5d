import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePage } from '../../src/ingest/page.js';
import { chunkArticle } from '../../src/ingest/chunk.js';
import { analyzeParts } from '../../src/qa/query/analyze.js';
import {
  asksPerUnit,
  gatherEvidence,
  missingNames,
  ofArticlesNaming,
  readPassage,
  statesWhatIsAsked,
  unplacedNames,
  withoutGivenFigures,
} from '../../src/qa/synthesizers/evidence.js';
import { answeringClause, composeOfflineAnswer, offlineNote, timeNote } from '../../src/qa/synthesizers/offline.js';
import { timeOf } from '../../src/qa/query/time.js';
import { searchTokens } from '../../src/text/segment.js';
import type { Citation, Passage } from '../../src/domain/types.js';
import { REPO } from '../support/workspace.js';

/** Passages of the articles whose headline contains `headline`, as retrieval would hand them over. */
function passagesOf(file: string, headline: string): Passage[] {
  const articles = parsePage(file, readFileSync(path.join(REPO, 'seeds', file), 'utf8'));
  return articles
    .filter((article) => article.headline.includes(headline))
    .flatMap((article) => chunkArticle(article))
    .map((chunk) => ({ ...chunk, score: 1 }));
}

function answer(question: string, passages: Passage[]) {
  const vocabulary = new Set(passages.flatMap((p) => searchTokens(`${p.headline} ${p.text}`)));
  const analysis = { parts: analyzeParts(question, (word) => (vocabulary.has(word) ? 1 : 0)) };
  const evidence = gatherEvidence(analysis.parts, passages, {
    rarity: (word) => (vocabulary.has(word) ? 1 : null),
    rarest: 2,
  });
  return { evidence, analysis, ...composeOfflineAnswer(evidence, passages, 0.47) };
}

describe('offline answerer', () => {
  const aid = passagesOf('000_2f615ec6976ddc12.txt', '消费帮扶');
  const sco = passagesOf('000_2f615ec6976ddc12.txt', '上合示范区聚力扩能提质');

  it('quotes the sentence that states the asked amount, with the marker of its passage', () => {
    const { text, used, evidence } = answer('青岛去年帮中西部卖了多少农产品？', aid);
    expect(evidence.support).toBeGreaterThan(0.47);
    expect(text.split('\n')[0]).toMatch(/^2024年,青岛市累计帮销中西部地区农特产品50\.1亿元.*\[\d\]$/);
    const marker = Number(/\[(\d)\]/.exec(text)![1]);
    expect(used).toContain(aid[marker - 1]);
  });

  it('quotes only the clauses that state an asked figure, with when it holds and what details it', () => {
    const unit = { passageRank: 0, index: 0, folded: '', plain: '', words: new Set<string>() };
    const [part] = analyzeParts('中国花样游泳队一行有多少人？', () => 0.01);
    const sentence = '2008年，参加奥运会的中国花样游泳队一行共计15人，其中运动员9人，教练4人，队员平均年龄20岁。';
    expect(answeringClause({ ...unit, text: sentence }, part)).toBe(
      '2008年，参加奥运会的中国花样游泳队一行共计15人，其中运动员9人，教练4人。',
    );
    const [how] = analyzeParts('为什么青岛要开展消费帮扶？', () => 0.01);
    expect(answeringClause({ ...unit, text: sentence }, how)).toBe(sentence);
  });

  it('prefers a sentence with a date when the question asks when', () => {
    const { text } = answer('礼县中药材数字化服务平台是哪天上线的？', aid);
    expect(text).toContain('2月27日上午');
  });

  it('follows a sentence with the one that continues it ("这11个…")', () => {
    const { text } = answer('上合示范区向多少家企业集中解读了“上合工具箱”？', sco);
    expect(text).toContain('900余家');
    expect(text).toContain('这11个');
  });

  it('answers each part of a two-part question', () => {
    const passages = passagesOf('000_2f615ec6976ddc12.txt', '微短剧');
    const { text } = answer('去年青岛备案的重点网络微短剧有几部？全市有多少家微短剧制作机构？', passages);
    expect(text).toContain('62部');
    expect(text).toContain('800余家');
  });

  it.each([
    ['孙永良提了哪两方面的希望？', 2],
    ['孙永良提了什么希望？', 1],
  ])('%s: quotes %i statement(s) said of the same subject', (question, statements) => {
    const passages = [
      '孙永良一方面希望开放交通场景，开展城市级交通大模型研究。青岛人工智能产业发展迅速。',
      '另一方面，孙永良希望对企业引进的人才给予政策支持。',
    ].map((text, i) => ({ ...aid[0], id: `p${i}`, text }));
    const { text } = answer(question, passages);
    expect(text.split('\n')).toHaveLength(statements);
  });

  it('keeps a list that runs over semicolons in one unit', () => {
    const { units } = readPassage({ ...aid[0], text: '问题有三:一是甲;二是乙;三是丙。另一句。' });
    expect(units.map((u) => u.text)).toEqual(['问题有三:一是甲;二是乙;三是丙。', '另一句。']);
  });

  it('finds little support for a question the passages do not answer', () => {
    const { evidence } = answer('青岛的地铁票价是多少钱？', aid);
    expect(evidence.support).toBeLessThan(0.47);
  });

  it('finds a long name printed in its words', () => {
    const said = [{ ...aid[0], text: '中国驻美使馆表示，外交部发言人当天回应。' }];
    const group = { label: '中国外交部', forms: ['中国外交部'], name: true, focus: false, category: false };
    expect(missingNames([group], said, () => 0.01)).toEqual([]);
    expect(missingNames([{ ...group, label: '日本外交部', forms: ['日本外交部'] }], said, () => 0.01)).toEqual([
      '日本外交部',
    ]);
  });

  it('names proper names the passages never mention', () => {
    const { analysis } = answer('青岛去年对日本出口了多少农产品？', aid);
    expect(missingNames(analysis.parts[0].groups, aid, () => 0.01)).toEqual(['日本']);
  });

  it('quotes only articles that name the subject of the question', () => {
    const care = passagesOf('001_a0eb63093fbffedb.txt', '长护险');
    const county = passagesOf('000_2f615ec6976ddc12.txt', '医共体');
    const rarity = (word: string) => ({ 长护险: 0.02, 医保: 0.06, 基金: 0.05, 支出: 0.01 })[word] ?? 0.5;
    const [whole] = analyzeParts('青岛长护险累计支出了多少医保基金？', rarity);
    expect(whole.subject).toBe('长护险');
    expect(ofArticlesNaming('长护险', [...county, ...care], [...county, ...care])).toEqual(care);
    expect(ofArticlesNaming('长护险', county, county)).toEqual([]);
  });

  it('says it is offline, in the language of the question', () => {
    expect(offlineNote('zh', 'timeout')).toMatch(/^离线模式（大模型超时）/);
    expect(offlineNote('en', 'no-model')).toMatch(/^Offline mode \(no language model configured\)/);
  });
});

describe('whether a quoted figure answers what is asked', () => {
  it.each([
    ['出口价格达到每吨5000元左右', '涨到了每吨5000元左右，那韩国本地每吨多少钱？', '出口价格达到每吨#元左右'],
    ['发起设立1000亿元的基金', '1000亿元的基金里，青岛出资了多少？', '发起设立#元的基金'],
    ['出资200亿元', '1000亿元的基金里，青岛出资了多少？', '出资200亿元'],
    ['增长6.0%', '上半年增长了多少？', '增长6.0%'],
  ])('%s, asked %s → %s', (sentence, question, blanked) => {
    expect(withoutGivenFigures(sentence, question)).toBe(blanked);
  });

  it.each([
    ['每人每年要交多少护理保险费？', true],
    ['那韩国本地泡菜现在每吨多少钱？', true],
    ['长护险累计支出了多少钱？', false],
  ])('%s asks for a rate: %s', (question, rate) => {
    expect(asksPerUnit(question)).toBe(rate);
  });

  const part = (question: string) => analyzeParts(question, () => 0.01)[0];
  const quote = (text: string) => [
    { passageRank: 0, index: 0, text, folded: text, plain: text, words: new Set(searchTokens(text)) },
  ];

  it.each([
    ['泡菜涨到了每吨5000元，那韩国本地泡菜每吨多少钱？', '青岛泡菜出口价格达到每吨5000元左右。', false],
    ['泡菜出口每吨多少钱？', '青岛泡菜出口价格达到每吨5000元左右。', true],
    ['参加长护险的人每人每年交多少保险费？', '累计支出护理保险资金53亿元。', false],
    ['长护险累计支出多少保险资金？', '累计支出护理保险资金53亿元。', true],
    ['1000亿元的基金里，青岛出资了多少？', '联合四市发起设立1000亿元的基金。', false],
    // 每年 asks what a year brings; this year's figure states it, as it does not state 每人每年.
    ['青岛泡菜每年向韩国出口多少吨？', '预计今年将向韩国出口泡菜30万吨。', true],
    ['每人每年交多少保险费？', '今年累计缴纳保险费53亿元。', false],
  ])('%s quoting %s → %s', (question, sentence, states) => {
    expect(statesWhatIsAsked(part(question), quote(sentence), () => 0.01)).toBe(states);
  });

  it('takes a thing asked for that no page names as one the pages lack, when it follows the asking word', () => {
    const medals = '为中国体育代表团勇夺5枚金牌。';
    const pagesSay = (word: string) => (medals.includes(word) || word === '运动员' ? 0.01 : 0);
    const asked = (question: string) => analyzeParts(question, pagesSay)[0];
    expect(statesWhatIsAsked(asked('青岛运动员拿了多少枚银牌？'), quote(medals), pagesSay)).toBe(false);
    expect(statesWhatIsAsked(asked('青岛运动员拿了多少枚金牌？'), quote(medals), pagesSay)).toBe(true);
    // Before the asking word, the last word is as often what happened as the thing asked for.
    const meetings = '37项高端会议、58项大型展览。';
    expect(statesWhatIsAsked(asked('会议、展览各有多少？'), quote(meetings), pagesSay)).toBe(true);
  });
});

describe('the time a question asks about', () => {
  const today = new Date('2026-11-25T00:00:00Z');
  const cited = (published: string) => [{ n: 1, source: { published } }] as unknown as Citation[];
  it.each([
    ['2025年2月的报道说了什么', '2025-02-14', true],
    ['2025年2月的报道说了什么', '2025-02', true],
    ['去年的报道说了什么', '2025-02', true],
    ['去年的报道说了什么', '2025-12-31', true],
    ['2025年2月的报道说了什么', '2025-03', false],
    ['去年的报道说了什么', '2024-12', false],
  ])('%s: a page published %s is of it: %s', (question, published, within) => {
    const note = timeNote('zh', timeOf(question, today)!, cited(published));
    expect(note.includes('没有找到')).toBe(!within);
  });
});

describe('names the pages never use', () => {
  it('are the personal names jieba cannot place, without the characters it glued to them', () => {
    const unused = () => 0;
    expect(unplacedNames('吕志兴现在效力于哪个球队？', unused)).toEqual(['吕志兴']);
    expect(unplacedNames('李晨毕业于哪儿？', unused)).toEqual(['李晨']);
  });

  it('are not words that ask, spoken words, or names the pages use', () => {
    expect(unplacedNames('太平兴国初年，楚昭辅位居何职？', (word) => (word === '楚昭辅' ? 0.01 : 0))).toEqual([]);
    expect(unplacedNames('青岛搞消费帮扶老说要发挥四个功能，到底是哪四个呀？', () => 0)).toEqual([]);
    expect(unplacedNames('李晨毕业于哪儿？', () => 0.01)).toEqual([]);
  });
});
