import type { Passage } from '../../domain/types.js';
import type { QuestionPart, TermGroup } from '../query/analyze.js';
import { inWrittenForm } from '../query/colloquial.js';
import { comparable, foldWidth } from '../../text/normalize.js';
import { searchTokens, taggedWords } from '../../text/segment.js';
import { foldScript } from '../../text/script.js';
import { splitSentences } from '../../text/sentences.js';
import { FIGURE_KINDS, fitsKind } from './answer-kind.js';
import type { WordStatistics } from '../words.js';

/** How rare words are in the index: rare words say more about what a question asks. */
type Rarities = Pick<WordStatistics, 'rarity' | 'rarest'>;

/** A sentence of a retrieved passage, as the offline answer would quote it. */
export interface Unit {
  passageRank: number;
  /** Position of the unit within its passage. */
  index: number;
  /** As printed: what the answer quotes. */
  text: string;
  /** In the question's script: what is read for figures and kinds (億 as 亿, 這 as 这). */
  folded: string;
  plain: string;
  words: Set<string>;
}

/** One sentence, or two in a row: an answer is often stated over two ("…秘诀”之一,就是…"). */
export interface ScoredSpan {
  units: Unit[];
  /** Share of the part's weighted terms the span states (what stands around it counts less). */
  coverage: number;
  matched: Set<string>;
}

/** Names rarer than this share of chunks must appear: common words jieba tags as places (城市) need not. */
const NAME_SHARE = 0.03;

/** "孙永良表示。" after a quotation: who said it belongs with what was said. */
const ATTRIBUTION = /^[^，,。“”"]{2,24}(表示|说|介绍|认为|指出|透露|坦言)[。.]?$/;

type Text = { plain: string; words: Set<string> };

/** What scoring needs of one passage, whatever the question: worth keeping between questions. */
export interface ReadPassage {
  headline: Text;
  whole: Text;
  /** Sentences, with list items joined. */
  units: Array<Text & { text: string; folded: string }>;
}

/** Matched in the question's script (folded, as the index is); quoted as printed. */
function read(folded: string): Text {
  return { plain: comparable(folded), words: new Set(searchTokens(folded)) };
}

/**
 * Splits a passage into the units an answer quotes: sentences, where a clause that ends in ；or
 * ：continues in the next one, and an attribution joins the quotation before it.
 */
export function readPassage(passage: Passage): ReadPassage {
  const merged: string[] = [];
  for (const sentence of splitSentences(passage.text)
    .map((s) => s.trim())
    .filter((s) => s.length > 1)) {
    const last = merged.at(-1);
    if (last !== undefined && (/[；;：:]$/.test(last) || ATTRIBUTION.test(sentence)))
      merged[merged.length - 1] = last + sentence;
    else merged.push(sentence);
  }
  return {
    headline: read(foldScript(passage.headline)),
    whole: read(foldScript(passage.text)),
    units: merged.map((text) => {
      const folded = foldScript(text);
      return { text, folded, ...read(folded) };
    }),
  };
}

/** Overlapping chunks repeat sentences; each is scored once, where it ranks best. */
function distinctUnits(units: Unit[]): Unit[] {
  const seen = new Set<string>();
  return units.filter((unit) => !seen.has(unit.plain) && seen.add(unit.plain));
}

function weight(group: TermGroup, words: Rarities): number {
  // An English word is as telling as the Chinese words it was translated to.
  const forms = group.forms.length > 1 ? group.forms.slice(1) : group.forms;
  const known = forms.map((form) => words.rarity(form)).filter((value): value is number => value !== null);
  // A word the pages never use may be a paraphrase, or the very thing they lack. As the thing
  // asked for ("租金是多少") it is most likely the latter.
  const best = known.length ? Math.max(...known) : words.rarest * (group.focus ? 1 : 0.5);
  // A single character (投, 票) is a weak clue on its own.
  const single = [...group.label].length === 1 && /\p{Script=Han}/u.test(group.label);
  return best * (single ? 0.4 : 1) * (group.focus ? (group.category ? CATEGORY : 2) : 1);
}

/**
 * A kind asked for (什么变化, 哪个国家) is more often left unsaid than said: the answer names one of
 * the kind. Missing, it should cost less than any word of the question.
 */
const CATEGORY = 0.5;

/** Single characters must stand as words: 投 is not in 投资. */
function mentions(unit: { plain: string; words: Set<string> }, group: TermGroup): boolean {
  return group.forms.some((form) => ([...form].length === 1 ? unit.words.has(form) : unit.plain.includes(form)));
}

const KIND_MISMATCH = 0.5;
const PREDICATE_MISSING = 0.6;
/** Credit for a term stated next to the unit or in its headline, and further away in its passage. */
const NEARBY = 0.5;
const SAME_PASSAGE = 0.25;

/** A tie-breaker more than a weight: "70名道德模范" answers "多少名道德模范" better than "20家单位". */
const COUNTED = 1.1;

/** A figure right before or after the counted word, with at most a measure word between. */
function countsNextTo(plain: string, counted: string): boolean {
  for (let at = plain.indexOf(counted); at >= 0; at = plain.indexOf(counted, at + 1)) {
    const before = plain.slice(Math.max(0, at - 8), at);
    const after = plain.slice(at + counted.length, at + counted.length + 3);
    // "70名道德模范", or "出口泡菜30万吨".
    if (/\d\s*(余|多)?[万亿千百]?[^\d，。,；;\s]{0,2}$/.test(before) || /^[^\d，。,；;\s]{0,2}\d/.test(after))
      return true;
  }
  return false;
}

/** Two sentences must state clearly more than one to be quoted together. */
const PAIR_DISCOUNT = 0.85;

/** Every span of one or two units, scored by how much of one question part it answers. */
function scoreSpans(part: QuestionPart, units: Unit[], read: ReadPassage[], words: Rarities): ScoredSpan[] {
  const weights = part.groups.map((group) => weight(group, words));
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  const kind = part.kind;
  const headlines = read.map((passage) => passage.headline);
  const wholes = read.map((passage) => passage.whole);
  const inPassage = (position: number, rank: number) =>
    units[position]?.passageRank === rank ? [units[position]] : [];

  const score = (first: number, span: Unit[]): ScoredSpan => {
    const rank = span[0].passageRank;
    const context: Text[] = [headlines[rank], ...inPassage(first - 1, rank), ...inPassage(first + span.length, rank)];
    let covered = 0;
    const matched = new Set<string>();
    const nearby = new Set<string>();
    part.groups.forEach((group, g) => {
      if (span.some((unit) => mentions(unit, group))) {
        covered += weights[g];
        matched.add(group.label);
        nearby.add(group.label);
      } else if (context.some((other) => mentions(other, group))) {
        covered += weights[g] * NEARBY;
        nearby.add(group.label);
      } else if (mentions(wholes[rank], group)) {
        covered += weights[g] * SAME_PASSAGE;
      }
    });
    const fits = span.some((unit) => fitsKind(unit.folded, kind));
    const fit = fits
      ? part.counted && span.some((unit) => countsNextTo(unit.plain, part.counted!))
        ? COUNTED
        : 1
      : KIND_MISMATCH;
    const saysWhatHappened = !part.predicate.length || part.predicate.some((label) => nearby.has(label));
    const discount = span.length > 1 ? PAIR_DISCOUNT : 1;
    return {
      units: span,
      coverage: (covered / total) * fit * (saysWhatHappened ? 1 : PREDICATE_MISSING) * discount,
      matched,
    };
  };

  return units.flatMap((unit, position) => {
    const next = units[position + 1];
    const pair =
      next && next.passageRank === unit.passageRank && next.index === unit.index + 1
        ? [score(position, [unit, next])]
        : [];
    return [score(position, [unit]), ...pair];
  });
}

/** A word in fewer than this share of passages names something specific. */
const SPECIFIC_SHARE = 0.05;

/**
 * Whether the quoted units state the figure asked for: one of them must be of the asked kind
 * (an amount, a date) and name the thing asked about ("营收有多少" needs a sentence with 营收 and
 * a number). A quote about the same topic with a figure of something else is no answer.
 */
export function statesWhatIsAsked(part: QuestionPart, quoted: Unit[], share: (word: string) => number): boolean {
  if (!FIGURE_KINDS.has(part.kind)) return true;
  const figures = quoted.filter((unit) => fitsKind(unit.folded, part.kind));
  if (figures.length && !figures.some((unit) => fitsKind(withoutGivenFigures(unit.folded, part.text), part.kind)))
    return false;
  if (figures.length && asksPerUnit(part.text) && !figures.some((unit) => statesRate(unit.folded, part.text)))
    return false;
  if (asksForUnused(part, share)) return false;
  // Only a specific thing asked for decides: a common word (时间, 方面) is said every other way.
  const focus = part.groups.filter(
    (group) =>
      group.focus &&
      /\p{Script=Han}/u.test(group.label) &&
      share(group.label) > 0 &&
      share(group.label) <= SPECIFIC_SHARE,
  );
  if (!focus.length) return true;
  return quoted.some((unit) => fitsKind(unit.folded, part.kind) && focus.some((group) => mentions(unit, group)));
}

/**
 * The thing asked for, named after the asking word ("多少枚**银牌**" of pages that count only
 * 金牌), is a word no page uses: the pages lack it. Before the asking word ("各有多少") the last
 * word is as often a verb as the thing.
 */
function asksForUnused(part: QuestionPart, share: (word: string) => number): boolean {
  const asking = /多少|几|哪/.exec(part.text)?.index ?? -1;
  return part.groups.some(
    (group) =>
      group.focus &&
      /^\p{Script=Han}{2,}$/u.test(group.label) &&
      share(group.label) === 0 &&
      asking >= 0 &&
      part.text.indexOf(group.label, asking) > asking,
  );
}

const FIGURE = /(\d+(?:\.\d+)?)\s*(?:余|多)?\s*[万亿千百]*/g;

/**
 * The sentence with the figures the question itself gives blanked out ("那韩国本地泡菜每吨多少钱"
 * after "涨到了每吨5000元"): a quote whose only figure is the reader's own repeats the premise.
 */
export function withoutGivenFigures(sentence: string, question: string): string {
  const given = new Set([...question.matchAll(FIGURE)].map((match) => match[1]));
  return sentence.replace(FIGURE, (figure, number: string) => (given.has(number) ? '#' : figure));
}

/** "每人每年交多少": the question asks for a rate, and a total (累计53亿元) is not one. */
export function asksPerUnit(question: string): boolean {
  return /每[\p{Script=Han}]/u.test(question);
}

/**
 * A question's 每年 asks what a year brings, which a figure for this year (今年出口30万吨) states;
 * 每人, 每吨 ask for a rate proper.
 */
function statesRate(sentence: string, question: string): boolean {
  const yearly = /每年/.test(question) && !/每(?!年)\p{Script=Han}/u.test(question);
  if (yearly && /(今|去|全|当|本|明)年|年度/.test(sentence)) return true;
  return /每|均|\/|一(次|年|月|天|人|吨|亩)/.test(sentence);
}

/**
 * Proper names of the question that none of the given passages mention: an answer about 韩国
 * is no answer to a question about 日本. `share` gives the share of chunks a word occurs in.
 */
export function missingNames(groups: TermGroup[], passages: Passage[], share: (word: string) => number): string[] {
  const text = passages.map((passage) => comparable(foldScript(`${passage.headline}|${passage.text}`))).join('|');
  // jieba tags some common nouns as places (城市), so a Chinese name counts only when it is rare;
  // a capitalised English word is a name, checked through its translations.
  const checked = (group: TermGroup) =>
    /^[a-z]/.test(group.label)
      ? group.forms.some((form) => share(form) > 0)
      : share(group.label) > 0 && share(group.label) <= NAME_SHARE;
  return groups
    .filter((group) => group.name && checked(group))
    .filter((group) => !group.forms.some((form) => namedIn(text, form)))
    .map((group) => group.label);
}

/**
 * The passages whose article names the question's subject, as far as the retrieved passages show
 * the article: a sentence of another article (医共体 for 长护险) shares words, not the subject, and
 * is not quoted when an article that names it was found.
 */
export function ofArticlesNaming(subject: string, quoted: Passage[], retrieved: Passage[]): Passage[] {
  const article = (passage: Passage) => `${passage.file}#${passage.articleIndex}`;
  const naming = new Set(
    retrieved
      .filter((passage) => comparable(foldScript(`${passage.headline}|${passage.text}`)).includes(subject))
      .map(article),
  );
  return quoted.filter((passage) => naming.has(article(passage)));
}

export interface PartEvidence {
  part: QuestionPart;
  /** Spans best first. */
  ranked: ScoredSpan[];
}

export interface Evidence {
  units: Unit[];
  /** The whole question first, then its parts. */
  parts: PartEvidence[];
  /** The best coverage any unit reaches for any part: how well the passages answer at all. */
  support: number;
}

/** `reader` may return what it read of the same passage before. */
export function gatherEvidence(
  parts: QuestionPart[],
  passages: Passage[],
  words: Rarities,
  reader: (passage: Passage) => ReadPassage = readPassage,
): Evidence {
  const read = passages.map(reader);
  const units = distinctUnits(
    read.flatMap((passage, passageRank) => passage.units.map((unit, index) => ({ ...unit, passageRank, index }))),
  );
  const evidence = parts.map((part) => ({
    part,
    ranked: scoreSpans(part, units, read, words).sort(
      (a, b) =>
        b.coverage - a.coverage ||
        a.units.length - b.units.length ||
        a.units[0].passageRank - b.units[0].passageRank ||
        a.units[0].index - b.units[0].index,
    ),
  }));
  return { units, parts: evidence, support: Math.max(0, ...evidence.map((e) => e.ranked[0]?.coverage ?? 0)) };
}

/**
 * What the question names (巴黎, 9号线, 2018年) that none of the retrieved passages names: the
 * reports are about something else. A name common in the pages (青岛, or a word jieba takes for a
 * place, 城市) is said in too many ways to decide; a year may be the one the report was printed in.
 */
export function absentSpecifics(
  specifics: string[],
  passages: Passage[],
  share: (word: string) => number,
  timeScoped: boolean,
): string[] {
  const text = passages
    .map((passage) => comparable(foldScript(`${passage.headline}|${passage.text}|${passage.source?.published ?? ''}`)))
    .join('|');
  return specifics
    .filter((specific) => !(YEAR.test(specific) && timeScoped))
    .filter((specific) => YEAR.test(specific) || /\d/.test(specific) || share(specific) <= NAME_SHARE)
    .filter((specific) => (YEAR.test(specific) ? !text.includes(specific.slice(0, 4)) : !namedIn(text, specific)));
}

const YEAR = /^(?:19|20)\d{2}年$/;

/**
 * A long name is printed whole or in its words (中国外交部 as "中国…外交部", 中国政府 as "中国…政府"):
 * the report names it either way.
 */
function namedIn(text: string, name: string): boolean {
  if (text.includes(name)) return true;
  if (name.length < 4) return false;
  const words = searchTokens(name).filter((word) => word !== name && word.length > 1 && text.includes(word));
  // Some run of printed words spells the name from its start to its end.
  const reached = new Set([0]);
  for (let at = 0; at < name.length; at++) {
    if (!reached.has(at)) continue;
    for (const word of words) if (name.startsWith(word, at)) reached.add(at + word.length);
  }
  return reached.has(name.length);
}

/** Characters jieba glues to a name it does not know (李晨是, 在吕志兴): no part of the name. */
const GLUED_BEFORE = /^[以在可要那这一和与对从把被]+/u;
const GLUED_AFTER = /[是有才现里上中所出死在的了着过因以可得说后前]+$/u;
/** 何职, 啥事: words that ask, whatever their first character. */
const ASKS = /哪|多少|何|几|什么|怎|谁|啥|咋/;
/** The commonest surnames, which open most Chinese personal names. */
const SURNAME =
  /^[李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文]/u;

/**
 * Personal names jieba could not place (tagged x: 吕志兴, 李晨) that no indexed passage uses: the
 * question is about someone the pages never name. Only a surname and one or two characters count,
 * as jieba leaves many spoken words and miscut pieces untagged too.
 */
export function unplacedNames(question: string, share: (word: string) => number): string[] {
  const text = inWrittenForm(foldWidth(question).toLowerCase());
  return taggedWords(text).flatMap(({ word, tag }) => {
    if (tag !== 'x' || ASKS.test(word)) return [];
    const name = word.replace(GLUED_BEFORE, '').replace(GLUED_AFTER, '');
    return /^\p{Script=Han}{2,3}$/u.test(name) && SURNAME.test(name) && share(name) === 0 ? [name] : [];
  });
}
