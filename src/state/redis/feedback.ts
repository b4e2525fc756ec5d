import type { Redis } from 'ioredis';
import type { Answer } from '../../domain/types.js';
import { isDown } from './connection.js';
import {
  answeredRecord,
  latestDownvotes,
  tallyOf,
  voteEntry,
  type AnsweredRecord,
  type AskedContext,
  type Feedback,
  type Tally,
  type Vote,
  type VoteEntry,
  type VoteResult,
} from '../feedback-store.js';

/** An answer can be voted on, and its sources tapped, for this long (the files keep the newest 2,000). */
export const ANSWER_TTL_MS = 30 * 86_400_000;
/** /feedback looks at the answers voted on last, this many. */
const VOTED_SHOWN = 1_000;

export const answerKey = (id: string) => `answer:${id}`;
export const votesKey = (id: string) => `votes:${id}`;
export const VOTED = 'voted';

/**
 * Answers and votes in Redis, so that a tap or a vote on another process than the one that
 * answered finds the answer. An answer is one key that expires; its votes are a hash keyed by
 * person, which is what makes a vote count once per person whichever process takes it, and are
 * kept (with append-only persistence they survive a Redis restart).
 */
export class RedisFeedback implements Feedback {
  constructor(private readonly redis: Redis) {}

  async get(id: string): Promise<AnsweredRecord | undefined> {
    const raw = await this.redis.get(answerKey(id));
    return raw ? (JSON.parse(raw) as AnsweredRecord) : undefined;
  }

  remember(
    chatId: number,
    answer: Answer,
    html: string | null = null,
    asked?: AskedContext,
  ): { id: string; saved: Promise<void> } {
    const record = answeredRecord(chatId, answer, html, asked);
    if (isDown(this.redis)) return { id: record.id, saved: Promise.resolve() };
    const saved = this.redis
      .set(answerKey(record.id), JSON.stringify(record), 'PX', ANSWER_TTL_MS)
      .then(() => undefined);
    return { id: record.id, saved };
  }

  async vote(vote: Vote): Promise<VoteResult> {
    const known = await this.get(vote.answerId);
    if (!known || known.chatId !== vote.chatId) return { outcome: 'unknown' };
    const previous = await this.redis.hget(votesKey(vote.answerId), String(vote.userId));
    const entry = voteEntry(known, vote);
    if (previous && (JSON.parse(previous) as VoteEntry).vote === entry.vote)
      return { outcome: 'same', tally: await this.tally(vote.answerId) };
    await this.redis
      .multi()
      .hset(votesKey(vote.answerId), String(vote.userId), JSON.stringify(entry))
      .zadd(VOTED, Date.now(), vote.answerId)
      .exec();
    return { outcome: previous ? 'changed' : 'new', tally: await this.tally(vote.answerId) };
  }

  async tally(answerId: string): Promise<Tally> {
    return tallyOf(await this.votesOn(answerId));
  }

  async downvoted(): Promise<VoteEntry[]> {
    const ids = await this.redis.zrevrange(VOTED, 0, VOTED_SHOWN - 1);
    return latestDownvotes(await Promise.all(ids.map((id) => this.votesOn(id))));
  }

  private async votesOn(answerId: string): Promise<VoteEntry[]> {
    return (await this.redis.hvals(votesKey(answerId))).map((raw) => JSON.parse(raw) as VoteEntry);
  }
}
