import { translateEnglish } from '../../text/crosslingual.js';
import { foldWidth } from '../../text/normalize.js';
import { searchTokens, taggedWords } from '../../text/segment.js';
import { STOPWORDS } from '../../text/stopwords.js';
import { answerKind, listSize, type AnswerKind } from './kind.js';
import { inWrittenForm } from './colloquial.js';
import { comparedEvents } from './compare.js';
import type { Language } from '../../domain/types.js';

/** A question with Chinese characters is Chinese; anything else is answered in English. */
export function languageOf(question: string): Language {
  return /\p{Script=Han}/u.test(question) ? 'zh' : 'en';
}

/** One thing the question asks about, in every form the pages may print it. */
export interface TermGroup {
  /** The word as the question has it. */
  label: string;
  /** Lower-cased forms to look for: the word itself and, for English, its Chinese translations. */
  forms: string[];
  /** A proper name (place, person, organisation): an answer about something else is no answer. */
  name: boolean;
  /** The thing the question asks for ("how many **experts**", "有多少家**定点护理机构**"): it weighs double. */
  focus: boolean;
  /**
   * The thing asked for is a kind (什么**变化**, 哪个**国家**): the answer names one of its kind, as
   * often without the word. A counted thing (多少名**道德模范**) is named with its count.
   */
  category: boolean;
}

/** One question of a possibly compound question ("…有几部？占全省多大比例？"). */
export interface QuestionPart {
  text: string;
  groups: TermGroup[];
  /**
   * Labels of the words after the asked-for thing ("哪几个政府部门**投了不满意票**"): what the
   * question says happened. A sentence that mentions none of them does not answer it.
   */
  predicate: string[];
  /**
   * An English question asks for something no report mentions in any translation ("what is the
   * Wi-Fi password"). Chinese questions are not judged so: their paraphrases (工地 for 项目现场)
   * share no words with the pages, while an English word is bridged by the dictionary.
   */
  asksForUnknown: boolean;
  /**
   * What the question names that a report must name too to answer it: proper names as printed
   * (巴黎, 东方航空), line numbers (9号线), years (2018年). A report about something else is no answer.
   */
  specifics: string[];
  /**
   * The rarest name or term of art the question names before what it asks, among those the pages
   * use (长护险 of "青岛长护险累计支出了多少医保基金"): what it is about, which an article must name to
   * answer it. Null when there is none.
   */
  subject: string | null;
  /** The Chinese word for the thing counted ("多少名**道德**模范"), if the question counts. */
  counted: string | null;
  /** The sort of answer it wants: an amount of money, a date, a list, a reason… */
  kind: AnswerKind;
  /** How many items a list question asks for ("哪两方面"), when it says. */
  items: number | null;
  /** Text to embed: the part plus the Chinese words found for its English words. */
  embeddingText: string;
  /** Space-separated words for the full-text index. */
  ftsQuery: string;
}

const LATIN_WORD = /[a-z][a-z-]*[a-z]|[a-z]/g;
const NAME_TAGS = new Set(['nr', 'ns', 'nt', 'nz', 'nrt', 'nrfg']);
/**
 * 哪座, 几个, 多少钱, 占多大, 第几, 何时…: words that ask rather than name. 何 asks only alone or in
 * a word of asking (何时, 何地); a name that begins with it (何炳荣) is a surname and names someone.
 */
const ASKING =
  /^(几|何[时地处种人以在故]?$|怎|有没有|是不是)|哪|多少|多大|多长|多久|多高|多远|什么|为什么|为何|是否|第几/;

/** Askers for a count or a measure: what they ask for is stated with its figure. */
const COUNTING = /多少|几|多大|多长|多久|多高|多远/;

/** Askers for a reason or a manner (为什么, 如何): what follows them is no thing asked for. */
const ASKING_HOW = /^(为什么|为何|怎|如何|是否|是不是|有没有)/;

const topical = (word: string) => !STOPWORDS.has(word) && !ASKING.test(word) && !/^\d$/.test(word);

/**
 * The question's parts, analysed once for retrieval and answering: the whole question first, then
 * its pieces when it asks several things. `question` is what is searched (in simplified
 * characters, a follow-up made whole). `share` gives the share of indexed passages a word occurs
 * in (0 when the pages never use it); translations are limited to words the pages use.
 */
export function analyzeParts(question: string, share: (word: string) => number): QuestionPart[] {
  const pieces = splitQuestion(question);
  const whole = analyzePart(question, share);
  return pieces.length > 1 ? [whole, ...pieces.map((piece) => analyzePart(piece, share))] : [whole];
}

/**
 * "X开幕当天，Y发生了什么": the day asked about is that of another event, which has its own report.
 * Both are parts: the answer quotes each with its date.
 */
const ANCHORED = /^(.{4,}?(?:当天|当日|当月|同一天|同日))[，,]?(.{4,})$/u;

/**
 * Splits into the events a question compares in time, or an event and what happened on its day,
 * else at question marks and semicolons, and before ", and how/what…" in English.
 */
function splitQuestion(question: string): string[] {
  const events = comparedEvents(question);
  if (events.length) return events;
  const anchored = ANCHORED.exec(question);
  if (anchored) return [anchored[1], anchored[2]];
  return question
    .split(/(?<=[？?；;])|,\s*(?=and\s+(?:how|what|which|who|when|where|why)\b)/i)
    .map((piece) => piece.trim())
    .filter((piece) => [...piece].length >= 4);
}

function analyzePart(text: string, frequency: (word: string) => number): QuestionPart {
  const known = (word: string) => frequency(word) > 0;
  const folded = foldWidth(text).toLowerCase();
  // What is asked is read in written Chinese; what is searched stays in the reader's words.
  const written = inWrittenForm(folded);
  const chinese = chineseGroups(written, known);
  const focus = englishFocus(folded);
  const names = englishNames(foldWidth(text));
  const english = englishGroups(folded, frequency).map((group) => ({
    ...group,
    focus: focus.includes(group.label) || group.label === chinese.focus,
    name: names.has(group.label),
  }));
  const groups = [...chinese.groups, ...english];
  const untranslated = (word: string) => english.some((group) => group.label === word && !group.forms.some(known));
  const translations = english.flatMap((group) => group.forms.slice(1));
  return {
    text,
    groups,
    predicate: chinese.predicate,
    specifics: [...chinese.names, ...identifiers(written)],
    // The thing asked for is as often paraphrased (办法 for 解决方案) as named.
    subject: rarest(
      chinese.nouns.filter((noun) => noun !== chinese.focus),
      frequency,
    ),
    counted: chinese.focus && /\p{Script=Han}/u.test(chinese.focus) ? chinese.focus : null,
    kind: answerKind(written),
    items: listSize(written),
    asksForUnknown: focus.length > 0 && focus.every(untranslated),
    embeddingText: translations.length ? `${text}\n${translations.join(' ')}` : text,
    ftsQuery: searchedWords(
      [...new Set([...searchTokens(folded).filter(topical), ...groups.flatMap((group) => group.forms)])],
      frequency,
    ).join(' '),
  };
}

/**
 * Words of one full-text search, at most: LanceDB's cost grows with each word the pages use, by
 * about 2.5 ms of CPU at 1.45 million passages whatever its posting list (an English question's
 * 35 translations cost 100 ms). The rarest are kept: they decide a passage's score. Measured on
 * the tuning sets: at 20 every answer figure holds (dev, styles, CMRC, ChronoQA, dev at 50,000
 * pages); at 16 recall fell (styles 0.906 to 0.875).
 */
export const MAX_SEARCHED_WORDS = 20;

/**
 * The words searched, in the question's order: words the pages never use cost nothing and stay
 * (the counts may lag the index), of the rest the rarest `MAX_SEARCHED_WORDS`.
 */
export function searchedWords(words: string[], share: (word: string) => number): string[] {
  const used = words.filter((word) => share(word) > 0);
  if (used.length <= MAX_SEARCHED_WORDS) return words;
  const kept = new Set(used.sort((a, b) => share(a) - share(b)).slice(0, MAX_SEARCHED_WORDS));
  return words.filter((word) => kept.has(word) || share(word) === 0);
}

/**
 * Groups for the Chinese words of a question, as jieba cuts them precisely. A long word the pages
 * never use (推进会) is replaced by its parts that they do use, so that it is not counted as
 * missing. English words (GDP, RCEP) get their groups elsewhere but keep their place here, since
 * one may be the thing asked for.
 */
function chineseGroups(
  text: string,
  known: (word: string) => boolean,
): { groups: TermGroup[]; predicate: string[]; focus: string | undefined; names: string[]; nouns: string[] } {
  const groups = new Map<string, TermGroup>();
  const names = new Set<string>();
  const nouns = new Set<string>();
  const beforeAsking: string[] = [];
  const afterAsking: Array<{ label: string; counting: boolean; qualifies?: boolean; next?: boolean }> = [];
  let asked = false;
  let asksForThing = false;
  let asksForCount = false;
  let askedAt = -1;
  const tagged = taggedWords(text);
  for (const [i, { word, tag }] of tagged.entries()) {
    if (ASKING.test(word)) {
      asked = true;
      asksForThing ||= !ASKING_HOW.test(word);
      asksForCount ||= COUNTING.test(word);
      askedAt = i;
    }
    if (!topical(word)) continue;
    if (
      namesSomething(word, tag, text) &&
      !miscut(word, tagged[i - 1], tagged[i + 1], known) &&
      !endsQuestion(tagged, i)
    )
      names.add(word);
    if (/^[a-z]/.test(word)) {
      if (word.length > 1) asked ? afterAsking.push({ label: word, counting: false }) : beforeAsking.push(word);
      continue;
    }
    const parts =
      [...word].length > 2 && !known(word)
        ? searchTokens(word).filter((part) => part !== word && known(part) && topical(part))
        : [];
    for (const label of parts.length ? parts : [word]) {
      groups.set(label, {
        label,
        forms: [label],
        name: NAME_TAGS.has(tag) && label === word,
        focus: false,
        category: false,
      });
      if (!asked && label === word && SUBJECT_TAGS.test(tag) && /^\p{Script=Han}{2,}$/u.test(word)) nouns.add(word);
      if ([...label].length < 2) continue;
      if (asked)
        afterAsking.push({
          label,
          counting: tag === 'm' || tag === 'q',
          qualifies: QUALIFYING.test(tag),
          // Right after the asking word, or past words that qualify it (什么重要变化): not 什么是X.
          next: tagged.slice(askedAt + 1, i).every((other) => QUALIFYING.test(other.tag)),
        });
      else beforeAsking.push(label);
    }
  }
  // The thing asked for is the first word after the asking word, past its count (哪七个**方面**),
  // or, when the question ends in the asking word (租金是多少), the last word before it.
  // An adjective or a preposition (什么**重要**变化, 什么**关于**存款利率的变动) only qualifies it.
  const named = afterAsking.findIndex((word) => !word.counting && !word.qualifies);
  const counted = named >= 0 ? named : afterAsking.findIndex((word) => !word.counting);
  const focus = !asksForThing ? undefined : counted >= 0 ? afterAsking[counted].label : beforeAsking.at(-1);
  const category = counted >= 0 && !asksForCount && afterAsking[counted].next === true;
  // What is asked for after the asking word (哪个**城市**) is named by the answer, not by the word
  // the question uses; before it (东京塔在哪), it is what the question is about.
  const asksWhich = counted >= 0;
  if (focus && groups.has(focus))
    groups.set(focus, { ...groups.get(focus)!, focus: true, category, name: groups.get(focus)!.name && !asksWhich });
  if (focus && asksWhich) names.delete(focus);
  return {
    groups: [...groups.values()],
    predicate: counted < 0 ? [] : afterAsking.slice(counted + 1).map((word) => word.label),
    focus,
    names: [...names],
    nouns: [...nouns],
  };
}

/** Adjectives, adverbs, prepositions, conjunctions: words that qualify the thing asked for. */
const QUALIFYING = /^(a|ad|p|d|c|f)$/;

/**
 * Names and words jieba does not know (长护险, mostly terms of art): common nouns (规划, 整体) and
 * abbreviations (奥运会 for 奥林匹克运动会) are as often said another way.
 */
const SUBJECT_TAGS = /^(nr|ns|nt|nz|nrt|nrfg|x)$/;
/** A noun in more than this share of passages is a topic, not what one article is about. */
const SUBJECT_SHARE = 0.03;

function rarest(nouns: string[], frequency: (word: string) => number): string | null {
  const specific = nouns.filter((noun) => frequency(noun) > 0 && frequency(noun) <= SUBJECT_SHARE);
  return specific.sort((a, b) => frequency(a) - frequency(b))[0] ?? null;
}

/**
 * A word that names one thing: a proper name by jieba's tags, or a Latin word in a Chinese
 * question (JAXR, Storm). Words jieba guessed (tagged x) are as often spoken fillers (提了, 那回).
 */
function namesSomething(word: string, tag: string, text: string): boolean {
  if (/^\p{Script=Han}{2,}$/u.test(word)) return NAME_TAGS.has(tag);
  return tag === 'eng' && word.length >= 3 && mostlyChinese(text);
}

/** An English question may quote a Chinese name: its English words are no names. */
function mostlyChinese(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han > (text.match(/[a-z]+/gi)?.length ?? 0);
}

/**
 * A name jieba cut across a word the pages use ("莱西|医共体" read as 莱|西医|共体, "一把手|上台"
 * as 手|上台?): its first or last character makes a known word with its neighbour's.
 */
function miscut(
  word: string,
  before: { word: string } | undefined,
  after: { word: string } | undefined,
  known: (word: string) => boolean,
): boolean {
  const joins = [before && `${before.word.at(-1)}${word[0]}`, after && `${word.at(-1)}${after.word[0]}`];
  return joins.some((pair) => pair !== undefined && /^\p{Script=Han}{2}$/u.test(pair) && known(pair));
}

/**
 * The last word of a question says what happened (一把手**上台**), and there jieba's place tags
 * mislead most: it is read as a name only when followed by more words.
 */
function endsQuestion(tagged: Array<{ word: string }>, at: number): boolean {
  return tagged.slice(at + 1).every(({ word }) => !/[\p{Script=Han}a-z0-9]/u.test(word) || STOPWORDS.has(word));
}

/** 9号线, 第3届, 2018年: numbers that name one thing among its like. */
const IDENTIFIER = /\d+\s*号线|第\s*\d+\s*[届期号]|(?<!\d)(?:19|20)\d{2}\s*年/g;

function identifiers(text: string): string[] {
  return [...new Set([...text.matchAll(IDENTIFIER)].map((match) => match[0].replace(/\s+/g, '')))];
}

function englishWords(text: string): string[] {
  return (
    text
      .replace(/[^\p{ASCII}]/gu, ' ')
      .replace(/'s\b/g, '')
      .match(LATIN_WORD) ?? []
  ).filter((word) => word.length > 1 && topical(word));
}

const FOCUS =
  /\b(?:what|which|how many|how much)\s+(?:(?:is|are|was|were)\s+)?(?:the\s+)?["']?([a-z][a-z\- "']*?)["']?(?=\s+(?:at|in|of|for|on|by|with|from|to|does|do|did|has|have|had|will|would|can|is|are|was|were)\b|\s*[?,.(]|$)/;

/** Capitalised words that do not start a sentence: SCO, McKinsey, Jimo. */
function englishNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/(^|[.?!:;]\s*|\s|["'(])([A-Z][A-Za-z-]*)/g)) {
    const startsSentence = /^$|[.?!:;]\s*$/.test(match[1]);
    if (!startsSentence) names.add(match[2].toLowerCase());
  }
  return names;
}

/** The words of "what is the X at …", "how many X are …": the thing asked for. */
function englishFocus(text: string): string[] {
  const match = FOCUS.exec(text.replace(/[^\p{ASCII}]/gu, ' '));
  return match ? englishWords(match[1]) : [];
}

function englishGroups(text: string, frequency: (word: string) => number): TermGroup[] {
  const words = [...new Set(englishWords(text))];
  if (!words.length) return [];
  // The English word stays among the forms: acronyms such as RCEP and TIR are printed as they are.
  return translateEnglish(words, frequency).map(({ english, chinese }) => ({
    label: english,
    forms: [english, ...chinese.filter(topical)],
    name: false,
    focus: false,
    category: false,
  }));
}
