/**
 * Example questions a reader can ask, written from the newest reports: a figure the report gives,
 * asked for ("2024年青岛市累计帮销中西部地区农特产品多少亿元？"). A question built from the
 * report's own words is one the search finds and the answer quotes.
 */

/** The opening of one article, as the index holds it. */
export interface ArticleOpening {
  headline: string;
  /** Its page's publication date (`YYYY-MM-DD`, `YYYY-MM`, `--MM-DD`), when known. */
  published: string | null;
  /** Its first passages, in order. */
  text: string;
}

/** A question longer than this makes a poor button. */
const MAX_QUESTION = 32;
/** The words before the figure that say what it counts: fewer say too little. */
const MIN_LEAD = 4;

/** A figure with what it counts: 50.1亿元, 近29万名, 2740余家次, 20天. Units by length, longest first. */
const FIGURE =
  /(?<![\d.第])(?:近|约|超|逾)?(\d+(?:\.\d+)?)(?:多|余)?(万|亿)?(?:多|余)?(家次|人次|平方米|公里|千米|学时|小时|分钟|元|吨|个|家|项|人|名|亩|米|辆|件|次|座|所|户|台|套|条|场|批|架|部|篇|天|岁|位|起|枚|张|艘|处|期)/;

/** A clause that only says when: kept before the figure's clause, which needs it. */
const TIME_CLAUSE = /^(\d{4}年|今年|去年|前年|(上|下)半年|\d{1,2}月)[^，,]{0,6}$/;

/** A clause that only says where the figure comes from or that it is current: left out. */
const ASIDE = /^(据(统计|了解|悉|介绍)|目前|截至目前|近日|日前|记者[^，,]*获悉)$/;

/**
 * The start of a clause that continues another ("其中", "以及", "还"): it has no subject of its
 * own, and a question from it would not say what it asks about.
 */
const CONTINUES = /^(其中|其|这|该|此|他|她|它|同时|此外|另外|但|而|就是|以及|并|还|也|及|为|对|向|从|在|已|将)/;

/** What a question must not end in: it would stop mid-phrase ("…多少亿元的？", "…优化至？"). */
const UNFINISHED = /(的|至|到|从|之一|百分点|以上|左右)$/;

/** Years a report counts from its publication date. */
const RELATIVE_YEAR = /今年|去年|前年/;

/**
 * Up to `count` questions, one an article, from `articles` newest first. A report's "今年" is
 * its publication year: a question that would say it of another year than `today`'s is not
 * written, so "去年" and "今年" in an example are true on the day it is shown.
 */
export function exampleQuestions(articles: ArticleOpening[], today: Date, count = 3): string[] {
  const questions: string[] = [];
  for (const article of articles) {
    if (questions.length >= count) break;
    const question = questionOf(article, today.getUTCFullYear());
    if (question && !questions.includes(question)) questions.push(question);
  }
  return questions;
}

function questionOf(article: ArticleOpening, thisYear: number): string | null {
  const year = article.published && /^\d{4}/.test(article.published) ? Number(article.published.slice(0, 4)) : null;
  for (const sentence of article.text.split(/[。！？!?\n]+/)) {
    const question = figureQuestion(sentence);
    if (question && [...question].length <= MAX_QUESTION && trueToday(question, year, thisYear)) return question;
  }
  return null;
}

/** The first clause of `sentence` that gives a figure, asked as "多少": null when none does. */
function figureQuestion(sentence: string): string | null {
  const time: string[] = [];
  // The subject is in the sentence's first clause, after what only says when or where from.
  for (const clause of sentence.split(/[，,；;：:]/).map((part) => part.trim())) {
    if (TIME_CLAUSE.test(clause)) time.push(clause);
    else if (!ASIDE.test(clause)) return clauseQuestion(clause, time);
  }
  return null;
}

function clauseQuestion(clause: string, time: string[]): string | null {
  const figure = FIGURE.exec(clause);
  if (!figure || CONTINUES.test(clause) || !/^\p{Script=Han}/u.test(clause)) return null;
  const lead = clause.slice(0, figure.index);
  if ((lead.match(/\p{Script=Han}/gu) ?? []).length < MIN_LEAD) return null;
  // What follows the figure names what it counts (20余家**泡菜加工企业**), up to a second figure
  // or an aside in brackets.
  const rest = clause.slice(figure.index + figure[0].length).split(/或|、|和|及|以及|[(（\d]/)[0];
  const question = `${time.join('')}${lead}多少${figure[2] ?? ''}${figure[3]}${rest}`;
  return UNFINISHED.test(question) ? null : `${question}？`;
}

/** Whether the question's 今年/去年 mean the same year said on `thisYear` as on the report's. */
function trueToday(question: string, published: number | null, thisYear: number): boolean {
  return !RELATIVE_YEAR.test(question) || published === thisYear;
}
