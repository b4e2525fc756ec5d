import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Answer } from '../types.js';

export type UsageOutcome = 'answered' | 'offline' | 'refused';

export interface UsageEvent {
  /** When the question was answered (ms since the epoch). */
  t: number;
  outcome: UsageOutcome;
  /** How long the answer took. */
  ms: number;
}

export interface UsageFigures {
  questions: number;
  /** Shares of `questions`, from 0 to 1. */
  answered: number;
  refused: number;
  offline: number;
  /** Median answer time; null without questions. */
  p50Ms: number | null;
}

const DAY_MS = 86_400_000;
/** /stats looks back a week; a day more covers "today" in any time zone. */
const KEPT_MS = 8 * DAY_MS;

export function outcomeOf(answer: Answer): UsageOutcome {
  if (answer.refused) return 'refused';
  return answer.mode === 'llm' ? 'answered' : 'offline';
}

/** The figures of the events from `from` (inclusive) on. */
export function summarize(events: UsageEvent[], from: number): UsageFigures {
  const within = events.filter((event) => event.t >= from);
  const share = (outcome: UsageOutcome) =>
    within.length ? within.filter((event) => event.outcome === outcome).length / within.length : 0;
  const times = within.map((event) => event.ms).sort((a, b) => a - b);
  const middle = times.length >> 1;
  const p50Ms = !times.length
    ? null
    : times.length % 2
      ? times[middle]
      : Math.round((times[middle - 1] + times[middle]) / 2);
  return {
    questions: within.length,
    answered: share('answered'),
    refused: share('refused'),
    offline: share('offline'),
    p50Ms,
  };
}

/** Midnight of `now`'s day, in the server's time zone. */
export function startOfDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/**
 * The questions readers asked, for /stats: one JSON line each in DATA_DIR/usage.jsonl, a week of
 * them kept. Prometheus counts the same since the process started; this survives restarts.
 */
export class UsageLog {
  private events: UsageEvent[] = [];
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly now: () => number,
  ) {}

  static async open(dataDir: string, now: () => number = Date.now): Promise<UsageLog> {
    const log = new UsageLog(path.join(dataDir, 'usage.jsonl'), now);
    const text = await readFile(log.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw new Error(`cannot read ${log.file} (${error.code ?? error.message}): check it, or set DATA_DIR elsewhere`);
    });
    const lines = text.split('\n').filter((line) => line.trim());
    const since = now() - KEPT_MS;
    for (const line of lines) {
      try {
        const event = JSON.parse(line) as UsageEvent;
        if (typeof event.t === 'number' && event.t >= since) log.events.push(event);
      } catch {
        // A line cut short by a crash is the only thing lost.
      }
    }
    // Older lines are dropped from the file once they are most of it.
    if (lines.length > 2 * log.events.length + 100) await log.rewrite();
    return log;
  }

  async record(outcome: UsageOutcome, ms: number): Promise<void> {
    const event: UsageEvent = { t: this.now(), outcome, ms: Math.round(ms) };
    this.events.push(event);
    const since = event.t - KEPT_MS;
    if (this.events[0].t < since) this.events = this.events.filter((old) => old.t >= since);
    await this.write(() => appendFile(this.file, `${JSON.stringify(event)}\n`));
  }

  /** Today (since midnight, server time) and the last seven days. */
  figures(): { today: UsageFigures; week: UsageFigures } {
    const now = this.now();
    return { today: summarize(this.events, startOfDay(now)), week: summarize(this.events, now - 7 * DAY_MS) };
  }

  private rewrite(): Promise<void> {
    return this.write(async () => {
      const temporary = `${this.file}.tmp`;
      await writeFile(temporary, this.events.map((event) => `${JSON.stringify(event)}\n`).join(''));
      await rename(temporary, this.file);
    });
  }

  private write(task: () => Promise<void>): Promise<void> {
    const next = this.writing.then(task);
    this.writing = next.catch(() => undefined);
    return next;
  }
}
