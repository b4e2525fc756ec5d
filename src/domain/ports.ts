/**
 * What the core offers, cut by who needs it: the bot and the command-line tools receive the ports
 * they use and nothing else of the core side.
 */
import type { Readiness } from './types.js';
import type { Metrics } from '../observe/metrics.js';
import type {
  Answer,
  AskOptions,
  Chunk,
  Citation,
  IndexProgress,
  IndexStats,
  IndexSummary,
  Language,
  PageInfo,
  VoiceOptions,
} from './types.js';
import type { Script } from '../text/script.js';

/** One report of a timeline: where it was printed, and its sentence that names the topic. */
export interface TimelineEntry {
  /** The publication date it is sorted by (`YYYY-MM-DD`, `YYYY-MM`); null for a report of unknown year, listed last. */
  published: string | null;
  /** In the reader's script, like an answer's quote. */
  sentence: string;
  /** The passage the sentence is from, cited as an answer cites it (`n` is its place in the timeline). */
  citation: Citation;
}

/** The reports on a topic, oldest first: one entry per article. */
export interface Timeline {
  topic: string;
  language: Language;
  script: Script;
  entries: TimelineEntry[];
}

/** Questions, spoken or written, and the passages answers cite. */
export interface Asking {
  /**
   * Throws a UserError for a question it will not take: empty, or too long. With `detail`, a
   * chat model answers at more length from more passages.
   */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** Whether `transcribe` can turn speech into a question (TRANSCRIBE_MODEL is set). */
  readonly canTranscribe: boolean;
  /**
   * The words spoken in a recording (its file name tells the API the format: `.ogg`, `.mp3`, …).
   * Throws a UserError saying why not: no speech-to-text here, too long, or the API failed.
   */
  transcribe(audio: Uint8Array, fileName: string, options?: VoiceOptions): Promise<string>;
  /**
   * Up to three questions the newest reports answer, in `script`: examples for a reader who does
   * not know what to ask. Their 今年 and 去年 are true today.
   */
  examples(options?: { script?: Script }): Promise<string[]>;
  /**
   * The reports on a topic in date order, none published after `askedOn` (today by default).
   * Throws a UserError for a topic it will not take: empty, or too long.
   */
  timeline(topic: string, options?: { askedOn?: Date }): Promise<Timeline>;
  /** A passage by its chunk id, from the index (so it survives restarts). */
  passage(id: string): Promise<Chunk | null>;
}

/** The pages the answers come from, and changes to them (one at a time). */
export interface Library {
  pages(): Promise<PageInfo[]>;
  /** Adds a report to the index (which keeps its text). Throws a UserError saying why a file is refused. */
  addPage(fileName: string, content: Uint8Array, caption?: string): Promise<IndexSummary>;
  removePage(fileName: string): Promise<IndexSummary>;
  /** Brings the index up to date with SEEDS_DIR (and re-indexes stored pages an older pipeline indexed). */
  reindex(options?: { onProgress?: (progress: IndexProgress) => void; dir?: string }): Promise<IndexSummary>;
  /** Whether a change to the index is running (another is refused until it ends). */
  readonly busy: boolean;
}

/** What the operator watches. */
export interface Operations {
  stats(): Promise<IndexStats>;
  /** Whether questions can be answered now: the index open and searchable, or why not. */
  health(): Promise<Readiness>;
  /** Questions, API errors and index changes, for Prometheus. */
  readonly metrics: Metrics;
}

/** Everything the bot and the command-line tools stand on. Knows nothing about Telegram. */
export interface Core extends Asking, Library, Operations {
  close(): Promise<void>;
}
