import type { Answer } from '../domain/types.js';
import { comparable } from '../text/normalize.js';
import { foldScript, toSimplified } from '../text/script.js';

/** One line of a question set (see shared/eval/README.md). */
export interface EvalQuestion {
  id: string;
  question: string;
  answer: string;
  file: string | string[] | null;
  headline: string | string[] | null;
  must_contain: string[];
  evidence: string | string[] | null;
  kind: string;
  /** How the question is written (traditional, colloquial, english, two-part, near-miss), when the set says. */
  style?: string;
  /** The day the question is asked on (`YYYY-MM-DD`), when it is not today: "去年" counts from it. */
  asked_on?: string;
}

export interface QuestionResult {
  id: string;
  kind: string;
  style: string | null;
  answerable: boolean;
  /** Rank (from 1) at which the evidence is complete within the top k, or null. */
  foundAt: number | null;
  answerHit: boolean;
  citedSupport: boolean;
  refused: boolean;
  ms: number;
}

export function parseQuestionSet(text: string): EvalQuestion[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line)
    .map(({ line, number }) => {
      try {
        const question = JSON.parse(line) as EvalQuestion;
        if (typeof question.question !== 'string' || !Array.isArray(question.must_contain))
          throw new Error('missing question or must_contain');
        return question;
      } catch (error) {
        throw new Error(`line ${number} of the question set is not a question: ${(error as Error).message}`);
      }
    });
}

const list = <T>(value: T | T[] | null): T[] => (value === null ? [] : Array.isArray(value) ? value : [value]);

/**
 * No answer to `question`, only what was retrieved: for a question the bot turned away, or to
 * judge retrieval alone.
 */
export function unanswered(question: string, retrieved: Answer['retrieved'] = []): Answer {
  return {
    question,
    text: '',
    mode: 'offline',
    refused: false,
    citations: [],
    retrieved,
    offlineReason: null,
    language: 'zh',
    script: 'simplified',
  };
}

/**
 * Scores one answer. `pageText` gives the text of a page file, to tell which `must_contain`
 * strings stand on which page.
 */
export function judge(
  question: EvalQuestion,
  answer: Answer,
  k: number,
  ms: number,
  pageText: (file: string) => string,
): QuestionResult {
  const answerable = question.file !== null;
  const top = answer.retrieved.slice(0, k).map((passage) => ({ file: passage.file, text: comparable(passage.text) }));
  const files = list(question.file);
  const evidence = list(question.evidence);
  let foundAt: number | null = null;
  if (answerable) {
    const ranks = evidence.map((fragment, i) => {
      const file = files[i] ?? files[0];
      const onPage = question.must_contain.filter((needle) => comparable(pageText(file)).includes(comparable(needle)));
      const rank = top.findIndex(
        (passage) =>
          passage.text.includes(comparable(fragment)) ||
          (passage.file === file &&
            onPage.length > 0 &&
            onPage.every((needle) => passage.text.includes(comparable(needle)))),
      );
      return rank < 0 ? null : rank + 1;
    });
    foundAt = ranks.every((rank) => rank !== null) ? Math.max(...(ranks as number[])) : null;
  }
  const english = !/\p{Script=Han}/u.test(question.question);
  // An answer to a question in traditional characters is written in them; the pages are not.
  const said = comparable(toSimplified(answer.text));
  const states = (needle: string) =>
    said.includes(comparable(needle)) ||
    (english && /\d/.test(needle) && said.includes(needle.replace(/[^\d.]/g, '').replace(/^\.+|\.+$/g, '')));
  // Passages are cited as printed; a page in traditional characters is read in the script of the needles.
  const cited = comparable(foldScript(answer.citations.map((citation) => citation.text).join('|')));
  return {
    id: question.id,
    kind: question.kind,
    style: question.style ?? null,
    answerable,
    foundAt,
    answerHit: answerable && !answer.refused && question.must_contain.every(states),
    citedSupport: answerable && question.must_contain.every((needle) => cited.includes(comparable(needle))),
    refused: answer.refused && answer.citations.length === 0,
    ms,
  };
}

export interface EvalSummary {
  questions: number;
  answerable: number;
  k: number;
  recallAtK: number;
  mrr: number;
  answerHit: number;
  citedSupport: number;
  refusalAccuracy: number;
  falseRefusals: number;
  /** Share of answerable questions refused. */
  falseRefusalRate: number;
  latencyMs: { p50: number; p95: number };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(results: QuestionResult[], k: number): EvalSummary {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const share = (rows: QuestionResult[], test: (r: QuestionResult) => boolean) =>
    rows.length ? rows.filter(test).length / rows.length : 1;
  return {
    questions: results.length,
    answerable: answerable.length,
    k,
    recallAtK: share(answerable, (r) => r.foundAt !== null),
    mrr: answerable.length
      ? answerable.reduce((sum, r) => sum + (r.foundAt ? 1 / r.foundAt : 0), 0) / answerable.length
      : 0,
    answerHit: share(answerable, (r) => r.answerHit),
    citedSupport: share(answerable, (r) => r.citedSupport),
    refusalAccuracy: share(unanswerable, (r) => r.refused),
    falseRefusals: answerable.filter((r) => r.refused).length,
    falseRefusalRate: answerable.length ? answerable.filter((r) => r.refused).length / answerable.length : 0,
    latencyMs: {
      p50: percentile(
        results.map((r) => r.ms),
        50,
      ),
      p95: percentile(
        results.map((r) => r.ms),
        95,
      ),
    },
  };
}

/** One summary per value of `key` (a style, a kind), for the questions that have one. */
export function summarizeBy(
  results: QuestionResult[],
  k: number,
  key: (result: QuestionResult) => string | null,
): Map<string, EvalSummary> {
  const groups = new Map<string, QuestionResult[]>();
  for (const result of results) {
    const value = key(result);
    if (value !== null) groups.set(value, [...(groups.get(value) ?? []), result]);
  }
  return new Map([...groups].map(([value, rows]) => [value, summarize(rows, k)]));
}
