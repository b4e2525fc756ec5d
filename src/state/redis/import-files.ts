import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Log } from '../../observe/log.js';
import { fileConversations } from '../conversation.js';
import { conversationRedisKey, conversationTtlSeconds } from './conversations.js';
import type { AnsweredRecord, VoteEntry } from '../feedback-store.js';
import { JsonLinesFile } from '../json-lines.js';
import { KEPT_MS, type UsageEvent } from '../usage.js';
import { ANSWER_TTL_MS, answerKey, VOTED, votesKey } from './feedback.js';
import { USAGE } from './usage.js';

/** Set once the files have been imported (or are being), so that every later start leaves them be. */
const IMPORTED = 'imported-files';

export interface Imported {
  conversations: number;
  answers: number;
  votes: number;
  usage: number;
}

/** The conversation keys of the files grammY's file adapter writes: conversations/<last two>/<key>.json. */
async function conversationKeys(dataDir: string): Promise<string[]> {
  const files = await readdir(path.join(dataDir, 'conversations'), { recursive: true }).catch(() => [] as string[]);
  return files.filter((file) => file.endsWith('.json')).map((file) => path.basename(file, '.json'));
}

async function importConversations(redis: Redis, dataDir: string, ttlMinutes: number, now: number): Promise<number> {
  const files = fileConversations(dataDir);
  let count = 0;
  for (const key of await conversationKeys(dataDir)) {
    const conversation = await files.read(key);
    // One whose every exchange is past its time to live would be forgotten at once anyway.
    if (!conversation?.turns.some((turn) => now - turn.at < ttlMinutes * 60_000)) continue;
    await redis.set(conversationRedisKey(key), JSON.stringify(conversation), 'EX', conversationTtlSeconds(ttlMinutes));
    count++;
  }
  return count;
}

async function importFeedback(redis: Redis, dataDir: string): Promise<{ answers: number; votes: number }> {
  const answers = await new JsonLinesFile<AnsweredRecord>(path.join(dataDir, 'answers.jsonl'), 'answer log').read();
  const votes = await new JsonLinesFile<VoteEntry>(path.join(dataDir, 'feedback.jsonl'), 'feedback log').read();
  const batch = redis.multi();
  for (const record of answers) batch.set(answerKey(record.id), JSON.stringify(record), 'PX', ANSWER_TTL_MS, 'NX');
  // In the order cast, so each person's latest vote is the one kept, as the file store reads them.
  for (const entry of votes) {
    batch.hset(votesKey(entry.answerId), String(entry.userId ?? 0), JSON.stringify(entry));
    batch.zadd(VOTED, Date.parse(entry.time) || 0, entry.answerId);
  }
  await batch.exec();
  return { answers: answers.length, votes: votes.length };
}

async function importUsage(redis: Redis, dataDir: string, now: number): Promise<number> {
  const events = (await new JsonLinesFile<UsageEvent>(path.join(dataDir, 'usage.jsonl'), 'usage log').read()).filter(
    (event) => typeof event.t === 'number' && event.t >= now - KEPT_MS,
  );
  if (!events.length) return 0;
  await redis.zadd(USAGE, ...events.flatMap((event, i) => [event.t, JSON.stringify({ ...event, r: `file${i}` })]));
  return events.length;
}

/**
 * A first start on Redis over a DATA_DIR that holds the files of the embedded default: its
 * conversations, answers, votes and usage go to Redis, once (the first process to start claims
 * the import), and the log says how many. The files are left in place, untouched.
 */
export async function importFiles(
  redis: Redis,
  settings: { dataDir: string; historyTtlMinutes: number },
  log: Log,
  now: number = Date.now(),
): Promise<Imported | null> {
  if ((await redis.set(IMPORTED, new Date(now).toISOString(), 'NX')) !== 'OK') return null;
  try {
    const conversations = await importConversations(redis, settings.dataDir, settings.historyTtlMinutes, now);
    const imported = {
      conversations,
      ...(await importFeedback(redis, settings.dataDir)),
      usage: await importUsage(redis, settings.dataDir, now),
    };
    log.info({ ...imported, dataDir: settings.dataDir }, 'imported the files of DATA_DIR into Redis');
    return imported;
  } catch (error) {
    // Claimed but not done: the next start tries again.
    await redis.del(IMPORTED).catch(() => undefined);
    throw error;
  }
}
