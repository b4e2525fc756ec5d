import type { Answer, AnswerMode, AskOptions, Citation, Passage, SmallTalk } from '../domain/types.js';
import type { Metrics, QuestionOutcome } from '../observe/metrics.js';
import { messages } from '../domain/messages.js';
import { inScript, type Script } from '../text/script.js';
import { startBudget, type Budget } from './budget.js';
import { checkAnswer, type Check } from './checks/check.js';
import { resolveCitations } from './checks/cite.js';
import { exampleQuestions } from './examples.js';
import { relatedQuestions } from './related.js';
import { newestArticles, type ArticleShelf } from './newest-articles.js';
import { acceptQuestion } from './query/limits.js';
import { readQuery, type Query, type QueryStage } from './query/query.js';
import type { SearchableIndex } from './retrievers/retriever.js';
import { search, type SearchStages } from './search.js';
import { gatherEvidence, type ReadPassage } from './synthesizers/evidence.js';
import type { Fallback, SynthesisRequest, Synthesizer } from './synthesizers/synthesizer.js';
import { wordStatistics, type WordStatistics } from './words.js';

/** The serving index: brought up to date before a question, then read in one snapshot. */
export interface IndexSource {
  follow(): Promise<void>;
  current(): SearchableIndex & ArticleShelf;
}

/** A synthesizer, and what its answers must pass beyond having their citations resolved. */
export interface SynthesisStage {
  synthesizer: Synthesizer;
  checks: Check[];
}

export interface EngineStages extends SearchStages {
  index: IndexSource;
  query: QueryStage;
  /** The chat model's synthesizer, when one is configured; quick answers go without it. */
  chat: SynthesisStage | null;
  /** The extractive one, which answers when the chat model does not. */
  offline: SynthesisStage;
  /** Reads a passage for scoring, perhaps from a cache. */
  reader: (passage: Passage) => ReadPassage;
  /** How many passages an offline answer reads. */
  offlineDepth: number;
  /** How many the chat model reads (it cites only what it uses). */
  contextDepth: number;
  /** How many it reads for a fuller answer. */
  detailDepth: number;
  /** LLM_TIMEOUT_MS: the one budget of a question. */
  timeoutMs: number;
  maxQuestionChars: number;
  metrics?: Pick<Metrics, 'question'>;
}

type AnswerBase = Pick<Answer, 'question' | 'retrieved' | 'language' | 'script'>;

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

function outcomeOf(answer: Answer): QuestionOutcome {
  if (answer.smallTalk) return 'small-talk';
  if (answer.refused) return 'refused';
  return answer.mode === 'llm' ? 'answered' : 'offline';
}

const NEAREST = 3;

/** The reports that came nearest the question, one passage an article: what a refusal offers instead. */
function nearestReports(retrieved: Passage[]): Citation[] {
  const headlines = new Set<string>();
  const nearest = retrieved.filter((passage) => !headlines.has(passage.headline) && headlines.add(passage.headline));
  return nearest.slice(0, NEAREST).map(({ id, file, headline, date, text, start, end, source }, i) => ({
    ...{ n: i + 1, id, file, headline, date, text, start, end },
    source: source ?? null,
  }));
}

/** "报道中没有找到这个问题的答案", with what to try instead: other words, or the nearest reports. */
function refusal(base: AnswerBase, mode: AnswerMode, offlineReason: string | null): Answer {
  const nearest = nearestReports(base.retrieved);
  const text = messages().format(base.language, nearest.length ? 'answer-refusal-nearest' : 'answer-refusal-rephrase');
  return { ...base, text, mode, refused: true, citations: [], offlineReason, nearest };
}

/** "报道里没有巴黎的信息", with the reports that came nearest. */
function refusalOfMissing(base: AnswerBase, missing: string[], offlineReason: string | null): Answer {
  const citations = nearestReports(base.retrieved);
  const separator = base.language === 'zh' ? '、' : ', ';
  const text = messages().format(base.language, citations.length ? 'answer-missing-nearest' : 'answer-missing', {
    missing: missing.join(separator),
  });
  return { ...refusal(base, 'offline', offlineReason), text, nearest: citations };
}

/**
 * Question → cited answer: query → retrievers → postprocessors → synthesizers → checks, with the
 * chat model when one is configured, the extractive answer when it fails, a refusal when neither
 * finds the answer in the reports.
 */
export class Engine {
  constructor(private readonly stages: EngineStages) {}

  /** Rejects an empty or too long question with a UserError; counts every question by outcome. */
  async answer(question: string, options: AskOptions = {}): Promise<Answer> {
    const { metrics } = this.stages;
    let asked: string;
    try {
      asked = acceptQuestion(question, this.stages.maxQuestionChars);
    } catch (error) {
      metrics?.question('rejected', 0);
      throw error;
    }
    await this.stages.index.follow();
    const started = performance.now();
    let outcome: QuestionOutcome = 'error';
    try {
      const answer = await this.respond(asked, options);
      outcome = outcomeOf(answer);
      return answer;
    } catch (error) {
      // The reader stopped it: no fault of the bot's.
      if (options.signal?.aborted) outcome = 'stopped';
      throw error;
    } finally {
      metrics?.question(outcome, (performance.now() - started) / 1000);
    }
  }

  /**
   * Pages and questions are searched in one script (the query stage folds the question as the
   * index folds the pages), and the answer, drafts included, is written back in the reader's:
   * quotes converted character by character, the passages a citation opens as printed.
   */
  private async respond(
    asked: string,
    { history = [], onDraft, signal, quick, askedOn, detail }: AskOptions,
  ): Promise<Answer> {
    const budget = startBudget(this.stages.timeoutMs, signal);
    // Read after the follow-up is condensed, then kept: a question is answered from one snapshot.
    const snapshot = once(() => this.stages.index.current());
    const words = once(() => wordStatistics(snapshot().terms));
    const query = await readQuery(asked, history, budget, words, this.stages.query, askedOn);
    if (query.smallTalk) return this.smallTalk(query, query.smallTalk, snapshot());
    // A reader who asks in English gets the quotes as printed: no script is theirs.
    const forReader = (text: string) => (query.language === 'zh' ? inScript(text, query.script) : text);
    const answer = await this.compose(query, words(), snapshot(), {
      budget,
      quick: quick ?? false,
      detail: detail ?? false,
      onDraft: onDraft && ((text, cited) => onDraft(forReader(text), cited)),
    });
    // Related questions are an extra: a failed read of the cited articles leaves them out.
    const related = quick ? [] : await relatedQuestions(answer, snapshot(), query.today).catch(() => []);
    return {
      ...answer,
      text: forReader(answer.text),
      ...(answer.marked && { marked: answer.marked.map(forReader) }),
      related: related.map(forReader),
    };
  }

  /**
   * Questions the newest reports answer, in `script`: for a reader who does not know what to ask.
   * `askedOn` is the day they are shown on (today when not given).
   */
  async examples({ askedOn, script = 'simplified' }: { askedOn?: Date; script?: Script } = {}): Promise<string[]> {
    await this.stages.index.follow();
    const day = askedOn ?? this.stages.query.now();
    return this.examplesIn(this.stages.index.current(), day, script);
  }

  private async examplesIn(index: ArticleShelf, day: Date, script: Script): Promise<string[]> {
    const questions = exampleQuestions(await newestArticles(index, day), day);
    return questions.map((question) => inScript(question, script));
  }

  /** A greeting or thanks answered in kind, with questions to ask; nothing is searched. */
  private async smallTalk(query: Query, kind: SmallTalk, index: ArticleShelf): Promise<Answer> {
    const locale = query.language === 'en' ? 'en' : query.script === 'traditional' ? 'zh-Hant' : 'zh-Hans';
    return {
      question: query.asked,
      text: messages().format(locale, `small-talk-${kind}`),
      mode: 'offline',
      refused: false,
      citations: [],
      retrieved: [],
      offlineReason: null,
      language: query.language,
      script: query.script,
      // Examples are an extra: a failed read of the newest pages leaves the greeting without them.
      smallTalk: { kind, examples: await this.examplesIn(index, query.today, query.script).catch(() => []) },
    };
  }

  private async compose(
    query: Query,
    words: WordStatistics,
    index: SearchableIndex,
    {
      budget,
      quick,
      detail,
      onDraft,
    }: { budget: Budget; quick: boolean; detail: boolean; onDraft?: AskOptions['onDraft'] },
  ): Promise<Answer> {
    const { offlineDepth } = this.stages;
    const chat = quick ? null : this.stages.chat;
    const contextDepth = detail ? this.stages.detailDepth : this.stages.contextDepth;
    const depth = chat ? Math.max(offlineDepth, contextDepth) : offlineDepth;
    const passages = await search(this.stages, { index, query, depth, signal: budget.signal });
    const quoted = passages.slice(0, offlineDepth);
    const request: Omit<SynthesisRequest, 'fallback'> = {
      query,
      words,
      passages,
      quoted: { passages: quoted, evidence: gatherEvidence(query.parts, quoted, words, this.stages.reader) },
      budget,
      detail,
      // Drafts are numbered as the answer will be: by first mention of the passages found.
      onDraft:
        onDraft &&
        ((text) => {
          const resolved = resolveCitations(text, passages);
          onDraft(resolved.text, resolved.citations);
        }),
    };
    const base = { question: query.asked, retrieved: passages, language: query.language, script: query.script };
    return this.synthesize(chat ? [chat, this.stages.offline] : [this.stages.offline], request, base, quick);
  }

  /** Each synthesizer in turn until one answers and its answer passes its checks, or one refuses. */
  private async synthesize(
    stages: SynthesisStage[],
    request: Omit<SynthesisRequest, 'fallback'>,
    base: AnswerBase,
    quick: boolean,
  ): Promise<Answer> {
    let fallback = this.firstFallback(quick);
    for (const { synthesizer, checks } of stages) {
      const result = await synthesizer.synthesize({ ...request, fallback });
      if (result.kind === 'refusal')
        return result.missing?.length
          ? refusalOfMissing(base, result.missing, result.offlineReason)
          : refusal(base, synthesizer.mode, result.offlineReason);
      if (result.kind === 'failed') {
        fallback = { reason: result.reason, detail: result.detail };
        continue;
      }
      const checked = checkAnswer(result.text, result.passages, checks);
      if (checked.problem) {
        fallback = { reason: 'unsupported', detail: checked.problem };
        continue;
      }
      return {
        ...base,
        text: `${result.preface?.(checked.citations) ?? ''}${checked.text}`,
        citations: checked.citations,
        mode: synthesizer.mode,
        refused: false,
        offlineReason: result.offlineReason,
        ...(result.marked?.length && { marked: result.marked }),
      };
    }
    return refusal(base, 'offline', fallback.detail);
  }

  /** Why an answer would be offline before any synthesizer ran. */
  private firstFallback(quick: boolean): Fallback {
    if (!this.stages.chat) return { reason: 'no-model', detail: 'no language model configured' };
    if (quick) return { reason: 'quick', detail: 'a quick answer: the language model was not asked' };
    // The chat model answers, or says why it did not.
    return { reason: 'no-model', detail: null };
  }
}
