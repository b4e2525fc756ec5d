import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Answer } from '../types.js';

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
  userId: number | null;
  chatId: number | null;
  messageId: number | null;
  /** The message as the voter saw it: the record when the answer has been forgotten. */
  messageText: string | null;
}

/**
 * Answers the bot gave (so a vote can be stored with its question, answer and sources, also after
 * a restart) and the votes, both as JSON Lines in DATA_DIR. Answers are bounded: the file is
 * rewritten with the newest `capacity` when it holds twice as many; older votes are still recorded
 * against the message text Telegram sends with the tap.
 */
export class FeedbackStore {
  private readonly answers = new Map<string, AnsweredRecord>();
  private lines = 0;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly capacity: number,
  ) {}

  static async open(dataDir: string, capacity = 2_000): Promise<FeedbackStore> {
    const store = new FeedbackStore(dataDir, capacity);
    await mkdir(dataDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`DATA_DIR: cannot create ${dataDir} (${error.code ?? error.message})`);
    });
    let text = '';
    try {
      text = await readFile(store.answersFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Node's read errors do not always name the file (EISDIR does not).
      if (code === 'EISDIR')
        throw new Error(
          `${store.answersFile} is a folder, not the bot's answer log: move it away (or set DATA_DIR elsewhere)`,
        );
      if (code !== 'ENOENT')
        throw new Error(
          `cannot read ${store.answersFile} (${code ?? (error as Error).message}): check its permissions (or set DATA_DIR elsewhere)`,
        );
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        store.keep(JSON.parse(line) as AnsweredRecord);
        store.lines++;
      } catch {
        // A line cut short by a crash is the only thing lost.
      }
    }
    return store;
  }

  get answersFile(): string {
    return path.join(this.dir, 'answers.jsonl');
  }

  get feedbackFile(): string {
    return path.join(this.dir, 'feedback.jsonl');
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
    const saved = this.write(async () => {
      if (this.lines > this.capacity * 2) {
        const temporary = `${this.answersFile}.tmp`;
        await writeFile(temporary, [...this.answers.values()].map((r) => `${JSON.stringify(r)}\n`).join(''));
        await rename(temporary, this.answersFile);
        this.lines = this.answers.size;
      } else {
        await appendFile(this.answersFile, `${JSON.stringify(record)}\n`);
      }
    });
    return { id: record.id, saved };
  }

  async vote(vote: Vote): Promise<void> {
    const known = this.answers.get(vote.answerId);
    const entry = {
      time: new Date().toISOString(),
      vote: vote.up ? 'up' : 'down',
      answerId: vote.answerId,
      userId: vote.userId,
      chatId: vote.chatId,
      messageId: vote.messageId,
      question: known?.question ?? null,
      answer: known?.answer ?? vote.messageText,
      mode: known?.mode ?? null,
      sources: known?.sources ?? [],
    };
    await this.write(() => appendFile(this.feedbackFile, `${JSON.stringify(entry)}\n`));
  }

  private keep(record: AnsweredRecord): void {
    this.answers.set(record.id, record);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
  }

  /** One write at a time, so a rewrite never races an append. */
  private write(task: () => Promise<void>): Promise<void> {
    const next = this.writing.then(task);
    this.writing = next.catch(() => undefined);
    return next;
  }
}
