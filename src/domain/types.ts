/** Shared shapes of the pipeline: seeds → articles → chunks → passages → answers. */
import type { Metrics } from '../observe/metrics.js';
import type { Script } from '../text/script.js';

/** The language a question is answered in, and the reader's labels around it. */
export type Language = 'zh' | 'en';

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
}

/** One earlier exchange of a conversation, for follow-up questions. */
export interface Turn {
  question: string;
  answer: string;
}

export interface AskOptions {
  history?: Turn[];
  /** Receives the answer text so far while a chat model streams it. */
  onDraft?: (textSoFar: string) => void;
  /** Aborting it stops the answer: `ask` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Quote the reports without asking the chat model: for answers that must come within a second
   * or two (inline queries), whatever is configured.
   */
  quick?: boolean;
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

/** Everything the bot and the command-line tools stand on. Knows nothing about Telegram. */
export interface Core {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** Whether `transcribe` can turn speech into a question (TRANSCRIBE_MODEL is set). */
  readonly canTranscribe: boolean;
  /**
   * The words spoken in a recording (its file name tells the API the format: `.ogg`, `.mp3`, …).
   * Throws a UserError saying why not: no speech-to-text here, too long, or the API failed.
   */
  transcribe(audio: Uint8Array, fileName: string, options?: VoiceOptions): Promise<string>;
  /** A passage by its chunk id, from the index (so it survives restarts). */
  passage(id: string): Promise<Chunk | null>;
  /** Brings the index up to date with SEEDS_DIR (and re-indexes stored pages an older pipeline indexed). */
  reindex(options?: { onProgress?: (progress: IndexProgress) => void; dir?: string }): Promise<IndexSummary>;
  /** Whether a change to the index is running (another is refused until it ends). */
  readonly busy: boolean;
  /** Adds a report to the index (which keeps its text). Throws a UserError saying why a file is refused. */
  addPage(fileName: string, content: Uint8Array, caption?: string): Promise<IndexSummary>;
  removePage(fileName: string): Promise<IndexSummary>;
  pages(): Promise<PageInfo[]>;
  stats(): Promise<IndexStats>;
  /** Whether questions can be answered now: the index open and searchable, or why not. */
  health(): Promise<Readiness>;
  /** Questions, API errors and index changes, for Prometheus. */
  readonly metrics: Metrics;
  close(): Promise<void>;
}

/** An error whose message is meant for the person who caused it, in English and in Chinese. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly zh: string = message,
  ) {
    super(message);
  }

  /** The message in the reader's language. */
  in(lang: Language): string {
    return lang === 'zh' ? this.zh : this.message;
  }
}

/** A change to the index was asked for while another one runs. */
export class BusyError extends UserError {
  override name = 'BusyError';
}
