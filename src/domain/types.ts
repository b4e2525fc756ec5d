/** Shared shapes of the pipeline: seeds → articles → chunks → passages → answers. */
import type { Script } from '../text/script.js';
import type { Language } from './language.js';
import { messages, type Locale } from './messages.js';

export type { Language } from './language.js';

/** Whether questions can be answered now, and why not when not. */
export interface Readiness {
  ready: boolean;
  reason: string | null;
}

/** One article found on a newspaper page. */
export interface Article {
  /** Page file name, e.g. `000_2f615ec6976ddc12.txt`. */
  file: string;
  /** Position of the article on its page, from 0. */
  index: number;
  headline: string;
  /** 引题: the line printed above the headline, ending in a dash (`——`), if any. */
  kicker: string | null;
  /** 副题 / sub-headlines under the headline, if any. */
  subheadlines: string[];
  /** `□青岛日报/观海新闻记者 …`, `□记者 … 报道`, `（梁太宏 石绍军）`. */
  byline: string | null;
  /** `本报2月27日讯`, `本报青岛讯`, `本报北京电`. */
  dateline: string | null;
  /** Date as the page prints it (`2月27日`, `12月19日`), when the page gives one. */
  date: string | null;
  /** The article continues from another page (`(上接第一版)`). */
  continued: boolean;
  /** Body text with layout breaks repaired; paragraphs separated by `\n`. */
  body: string;
  /** For each character of `body`, its offset in the source file (-1 for an inserted `\n`). */
  bodyOffsets: number[];
}

/** A retrievable piece of one article. */
export interface Chunk {
  /** Stable and short (fits Telegram's 64-byte callback data): `<file stem>:<article>:<chunk>`. */
  id: string;
  file: string;
  articleIndex: number;
  chunkIndex: number;
  headline: string;
  date: string | null;
  text: string;
  /** Offsets `[start, end)` of the passage in the source file's decoded text (UTF-16 units, no byte-order mark). */
  start: number;
  end: number;
  /** Where its page was printed; attached when read from the index. */
  source?: PageSource | null;
}

/** A chunk returned by retrieval, with its fused score (higher is better). */
export interface Passage extends Chunk {
  score: number;
}

export interface Embedder {
  /** Names the model and dimension; stored with the index. */
  readonly id: string;
  readonly dim: number;
  /** Its vectors stand for words, not meanings (the offline embedder): they add little to a word index. */
  readonly lexical?: boolean;
  /** `signal` ends a query's wait (the question's time budget); documents are not given one. */
  embed(texts: string[], kind: 'query' | 'document', options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}

/** Where a passage was printed, as far as its page says or shows. */
export interface PageSource {
  paper: string | null;
  /** `YYYY-MM-DD`, `YYYY-MM`, or `--MM-DD` / `--MM` when the year is unknown. */
  published: string | null;
  /** The date was read from the page's text, not given with it. */
  inferred: boolean;
  /** 版次: 第1版, A03 要闻… */
  page: string | null;
  /** The page in the e-paper. */
  url: string | null;
  /** For a file of many articles (a CMS export): what each says of itself, by article index. */
  articles?: Array<Partial<PageSource>>;
}

export interface Citation {
  n: number;
  id: string;
  file: string;
  headline: string;
  date: string | null;
  text: string;
  start: number;
  end: number;
  source: PageSource | null;
}

export type AnswerMode = 'llm' | 'offline';

/** A greeting, thanks, or a question about the bot itself: answered without the reports. */
export type SmallTalk = 'greeting' | 'thanks' | 'about';

export interface Answer {
  question: string;
  /** Answer text with inline markers `[1]`, `[2]` referring to `citations[n-1]`. */
  text: string;
  mode: AnswerMode;
  refused: boolean;
  citations: Citation[];
  retrieved: Passage[];
  /** Why the offline mode was used (no key, API error, timeout), when it was. */
  offlineReason: string | null;
  /** The reader's language, decided once from the question: labels around the answer follow it. */
  language: Language;
  /** The characters the question was written in, and the answer is. */
  script: Script;
  /** For a refusal: the reports nearest the question, to open instead. */
  nearest?: Citation[];
  /**
   * Small talk, answered with a few words (`text`) and questions the newest reports answer, in
   * the reader's script; no passages, no citations.
   */
  smallTalk?: { kind: SmallTalk; examples: string[] };
  /** Up to three questions the cited articles answer elsewhere, in the reader's script: what to ask next. */
  related?: string[];
  /** Words of `text` that answer what was asked (the figure, the reason's clause), shown in bold. */
  marked?: string[];
}

/** One earlier exchange of a conversation, for follow-up questions. */
export interface Turn {
  question: string;
  answer: string;
}

export interface AskOptions {
  history?: Turn[];
  /**
   * Receives the answer text so far while a chat model streams it, its markers numbered as the
   * passages it has cited so far, which a stopped answer lists.
   */
  onDraft?: (textSoFar: string, cited: Citation[]) => void;
  /** Aborting it stops the answer: `ask` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Quote the reports without asking the chat model: for answers that must come within a second
   * or two (inline queries), whatever is configured.
   */
  quick?: boolean;
  /**
   * The day the question is asked on (UTC), today when not given: "去年" and "上周" count from it,
   * and no report published after it is read.
   */
  askedOn?: Date;
  /** A fuller answer: the chat model reads more passages and is asked to say more of what they state. */
  detail?: boolean;
}

export interface TranscribeOptions {
  /** ISO-639-1 (`zh`, `en`), when the speaker's language is known: a hint that helps accuracy. */
  language?: string;
  signal?: AbortSignal;
}

export interface VoiceOptions extends TranscribeOptions {
  /** The recording's length, when its sender says: longer than MAX_VOICE_SECONDS is refused. */
  durationSeconds?: number;
}

export interface IndexProgress {
  /** parse and embed alternate, a few thousand passages at a time; store commits; optimize folds them into the indexes. */
  stage: 'parse' | 'embed' | 'store' | 'optimize' | 'done';
  /** Pages parsed of those to (re)index; unchanged pages are not counted. */
  pagesDone: number;
  pagesTotal: number;
  chunksEmbedded: number;
}

export interface IndexSummary {
  pages: number;
  articles: number;
  chunks: number;
  /** Chunks whose embeddings were computed in this run (the rest were reused). */
  embedded: number;
  seconds: number;
  /** Files in SEEDS_DIR that could not be indexed, with the reason. */
  skipped: Array<{ file: string; reason: string }>;
  /** The embedder the index is built with, when the change says. */
  embedder?: string;
}

export interface PageInfo {
  file: string;
  articles: number;
  chunks: number;
  dates: string[];
  /** `upload`: sent by an admin; `seeds`: from SEEDS_DIR. */
  source: 'seeds' | 'upload';
  /** Paper, publication date, page and link. */
  meta: PageSource;
}

export interface IndexStats {
  pages: number;
  articles: number;
  chunks: number;
  embedder: string;
  dim: number;
  chatModel: string | null;
  indexedAt: string | null;
  /** Dates the articles give (2月27日…), when the pages' publication dates are not known. */
  dates: string[];
  /** Publication dates of the pages, newest first (`YYYY-MM-DD`, `YYYY-MM`, `--MM-DD`). */
  published: string[];
}

/**
 * Why a request is refused, for the person who made it: a code (the Fluent message that says it,
 * in locales/) and what the message needs. Numbers are kept as written, without grouping.
 */
export const USER_ERROR_CODES = [
  'question-empty',
  'question-too-long',
  'voice-unavailable',
  'voice-too-long',
  'voice-empty',
  'voice-timeout',
  'voice-unheard',
  'voice-cancelled',
  'voice-failed',
  'file-name-unusable',
  'file-not-report',
  'file-not-word',
  'file-not-pdf',
  'file-no-text-layer',
  'file-binary-kind',
  'file-unknown-encoding',
  'file-too-large',
  'file-name-control',
  'file-name-too-long',
  'file-name-path',
  'file-name-reserved',
  'page-copy-failed',
  'file-too-many-pages',
  'file-unpacks-too-large',
  'file-too-many-tags',
  'file-read-too-slow',
  'file-too-much-text',
  'file-looks-binary',
  'file-empty',
  'page-work-failed',
  'page-work-out-of-memory',
  'records-unreadable',
  'records-no-body',
  'article-no-body',
  'download-too-large',
  'seeds-dir-unreadable',
  'seeds-none-readable',
  'page-not-indexed',
  'index-would-be-empty',
  'index-not-built',
  'index-busy',
  'index-embedder-mismatch',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/** An error meant for the person who caused it; its `message` is the English sentence, for logs and the CLI. */
export class UserError extends Error {
  override name = 'UserError';
  readonly args: Record<string, string>;

  constructor(
    readonly code: UserErrorCode,
    args: Record<string, string | number> = {},
  ) {
    const written = Object.fromEntries(Object.entries(args).map(([key, value]) => [key, String(value)]));
    super(messages().format('en', code, written));
    this.args = written;
  }

  /** The message in the reader's language (`zh`: simplified Chinese) or locale. */
  in(locale: Language | Locale): string {
    return messages().format(locale, this.code, this.args);
  }
}

/** A change to the index was asked for while another one runs. */
export class BusyError extends UserError {
  override name = 'BusyError';
}
