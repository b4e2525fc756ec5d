import { mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Answer } from '../domain/types.js';
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

/**
 * Answers the bot gave (so a vote can be stored with its question, answer and sources, also after
 * a restart) and the votes, both as JSON Lines in DATA_DIR. Answers are bounded: the file is
 * rewritten with the newest `capacity` when it holds twice as many; an answer older than those
 * can no longer be voted on.
 */
export class FeedbackStore {
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

  get(id: string): AnsweredRecord | undefined {
    return this.answers.get(id);
  }

  /**
   * Keeps the answer for its vote buttons. The id is known at once, so the reply need not wait
   * for the disk: `saved` settles when the record is written.
   */
  remember(chatId: number, answer: Answer, html: string | null = null): { id: string; saved: Promise<void> } {
    const record: AnsweredRecord = {
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
    };
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
    const wanted = vote.up ? 'up' : 'down';
    if (previous?.vote === wanted) return { outcome: 'same', tally: this.tally(vote.answerId) };
    const entry: VoteEntry = {
      time: new Date().toISOString(),
      vote: wanted,
      answerId: vote.answerId,
      userId: vote.userId,
      chatId: vote.chatId,
      messageId: vote.messageId,
      question: known.question,
      answer: known.answer,
      mode: known.mode,
      sources: known.sources,
    };
    this.count(entry);
    await this.voteLog.append(entry);
    return { outcome: previous ? 'changed' : 'new', tally: this.tally(vote.answerId) };
  }

  tally(answerId: string): Tally {
    const tally = { up: 0, down: 0 };
    for (const entry of this.votes.get(answerId)?.values() ?? []) tally[entry.vote]++;
    return tally;
  }

  /** Answers someone currently marks 👎, the latest vote first, for /feedback. */
  downvoted(): VoteEntry[] {
    const latest: VoteEntry[] = [];
    for (const byUser of this.votes.values()) {
      const downs = [...byUser.values()].filter((entry) => entry.vote === 'down');
      if (downs.length) latest.push(downs.reduce((a, b) => (a.time >= b.time ? a : b)));
    }
    return latest.sort((a, b) => b.time.localeCompare(a.time));
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
