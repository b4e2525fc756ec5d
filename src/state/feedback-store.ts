import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Answer, Turn } from '../domain/types.js';
import { JsonLinesFile } from './json-lines.js';

export interface AnsweredRecord {
  id: string;
  time: string;
  chatId: number;
  question: string;
  answer: string;
  mode: Answer['mode'];
  refused: boolean;
  sources: Array<{ n: number; id: string; file: string; headline: string; date: string | null; url?: string | null }>;
  /** The answer's message as sent (HTML), when it fit in one: a source is shown in its place. */
  html?: string | null;
  /** Who asked (absent in records older than answer actions). */
  askerId?: number | null;
  /** The conversation the question was read in: answering it again reads it the same way. */
  history?: Turn[];
  /** A fuller answer ("more detail") was asked for. */
  detail?: boolean;
}

/** How a question was asked: by whom, after which exchanges, and for how full an answer. */
export interface AskedContext {
  askerId: number | null;
  history: Turn[];
  detail: boolean;
}

export interface Vote {
  answerId: string;
  up: boolean;
  userId: number;
  chatId: number;
  messageId: number | null;
}

/** A vote as stored in feedback.jsonl: with the answer it is about, so it reads on its own. */
export interface VoteEntry {
  time: string;
  vote: 'up' | 'down';
  answerId: string;
  userId: number | null;
  chatId: number | null;
  messageId: number | null;
  question: string | null;
  answer: string | null;
  mode: Answer['mode'] | null;
  sources: AnsweredRecord['sources'];
}

export interface Tally {
  up: number;
  down: number;
}

export type VoteResult =
  | { outcome: 'new' | 'changed' | 'same'; tally: Tally }
  /** The answer is not one this store knows: forged data, or forgotten long ago. */
  | { outcome: 'unknown' };

/** Where answers and votes are kept: files in DATA_DIR by default, Redis when processes share them. */
export interface Feedback {
  get(id: string): Promise<AnsweredRecord | undefined>;
  /** The answer kept under a new id, known at once; `saved` settles when it is stored. */
  remember(
    chatId: number,
    answer: Answer,
    html?: string | null,
    asked?: AskedContext,
  ): { id: string; saved: Promise<void> };
  vote(vote: Vote): Promise<VoteResult>;
  tally(answerId: string): Promise<Tally>;
  /** Answers someone currently marks 👎, the latest vote first, for /feedback. */
  downvoted(): Promise<VoteEntry[]>;
}

export function answeredRecord(
  chatId: number,
  answer: Answer,
  html: string | null,
  asked?: AskedContext,
): AnsweredRecord {
  return {
    id: randomBytes(6).toString('base64url').replace(/-/g, '0'),
    time: new Date().toISOString(),
    chatId,
    question: answer.question,
    answer: answer.text,
    mode: answer.mode,
    refused: answer.refused,
    sources: answer.citations.map(({ n, id, file, headline, date, source }) => ({
      n,
      id,
      file,
      headline,
      date,
      url: source?.url ?? null,
    })),
    html,
    ...asked,
  };
}

/** A vote as stored: with the answer it is about, so it reads on its own. */
export function voteEntry(known: AnsweredRecord, vote: Vote): VoteEntry {
  return {
    time: new Date().toISOString(),
    vote: vote.up ? 'up' : 'down',
    answerId: vote.answerId,
    userId: vote.userId,
    chatId: vote.chatId,
    messageId: vote.messageId,
    question: known.question,
    answer: known.answer,
    mode: known.mode,
    sources: known.sources,
  };
}

export function tallyOf(entries: Iterable<VoteEntry>): Tally {
  const tally = { up: 0, down: 0 };
  for (const entry of entries) tally[entry.vote]++;
  return tally;
}

/** Of each answer's votes (one per person), the latest 👎 if any, the latest first. */
export function latestDownvotes(byAnswer: VoteEntry[][]): VoteEntry[] {
  const latest: VoteEntry[] = [];
  for (const votes of byAnswer) {
    const downs = votes.filter((entry) => entry.vote === 'down');
    if (downs.length) latest.push(downs.reduce((a, b) => (a.time >= b.time ? a : b)));
  }
  return latest.sort((a, b) => b.time.localeCompare(a.time));
}

/**
 * Answers the bot gave (so a vote can be stored with its question, answer and sources, also after
 * a restart) and the votes, both as JSON Lines in DATA_DIR. Answers are bounded: the file is
 * rewritten with the newest `capacity` when it holds twice as many; an answer older than those
 * can no longer be voted on.
 */
export class FeedbackStore implements Feedback {
  private readonly answers = new Map<string, AnsweredRecord>();
  /** Each answer's votes, one per person (the latest), in the order they were cast. */
  private readonly votes = new Map<string, Map<number, VoteEntry>>();
  /** Lines in the answer log, which is rewritten with the kept answers when it holds twice as many. */
  private lines = 0;
  private readonly answerLog: JsonLinesFile<AnsweredRecord>;
  private readonly voteLog: JsonLinesFile<VoteEntry>;

  private constructor(
    dir: string,
    private readonly capacity: number,
  ) {
    this.answerLog = new JsonLinesFile(path.join(dir, 'answers.jsonl'), 'answer log');
    this.voteLog = new JsonLinesFile(path.join(dir, 'feedback.jsonl'), 'feedback log');
  }

  static async open(dataDir: string, capacity = 2_000): Promise<FeedbackStore> {
    const store = new FeedbackStore(dataDir, capacity);
    await mkdir(dataDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`DATA_DIR: cannot create ${dataDir} (${error.code ?? error.message})`);
    });
    const answered = await store.answerLog.read();
    for (const record of answered) store.keep(record);
    store.lines = answered.length;
    for (const entry of await store.voteLog.read()) store.count(entry);
    return store;
  }

  async get(id: string): Promise<AnsweredRecord | undefined> {
    return this.answers.get(id);
  }

  /**
   * Keeps the answer for its vote buttons. The id is known at once, so the reply need not wait
   * for the disk: `saved` settles when the record is written.
   */
  remember(
    chatId: number,
    answer: Answer,
    html: string | null = null,
    asked?: AskedContext,
  ): { id: string; saved: Promise<void> } {
    const record = answeredRecord(chatId, answer, html, asked);
    this.keep(record);
    this.lines++;
    let saved: Promise<void>;
    if (this.lines > this.capacity * 2) {
      this.lines = this.answers.size;
      saved = this.answerLog.rewrite([...this.answers.values()]);
    } else {
      saved = this.answerLog.append(record);
    }
    return { id: record.id, saved };
  }

  /**
   * One vote per person per answer: a second tap on the same button changes nothing, on the other
   * one changes the vote. A vote for an answer the store does not know is not recorded, so tapped
   * data cannot put text of its own into the feedback file.
   */
  async vote(vote: Vote): Promise<VoteResult> {
    const known = this.answers.get(vote.answerId);
    if (!known || known.chatId !== vote.chatId) return { outcome: 'unknown' };
    const previous = this.votes.get(vote.answerId)?.get(vote.userId);
    const entry = voteEntry(known, vote);
    if (previous?.vote === entry.vote) return { outcome: 'same', tally: await this.tally(vote.answerId) };
    this.count(entry);
    await this.voteLog.append(entry);
    return { outcome: previous ? 'changed' : 'new', tally: await this.tally(vote.answerId) };
  }

  async tally(answerId: string): Promise<Tally> {
    return tallyOf(this.votes.get(answerId)?.values() ?? []);
  }

  /** Answers someone currently marks 👎, the latest vote first, for /feedback. */
  async downvoted(): Promise<VoteEntry[]> {
    return latestDownvotes([...this.votes.values()].map((byUser) => [...byUser.values()]));
  }

  private count(entry: VoteEntry): void {
    const byUser = this.votes.get(entry.answerId) ?? new Map<number, VoteEntry>();
    byUser.set(entry.userId ?? 0, entry);
    this.votes.delete(entry.answerId);
    this.votes.set(entry.answerId, byUser);
    if (this.votes.size > this.capacity * 10) this.votes.delete(this.votes.keys().next().value!);
  }

  private keep(record: AnsweredRecord): void {
    this.answers.set(record.id, record);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
  }
}
