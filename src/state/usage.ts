import path from 'node:path';
import type { Answer } from '../domain/types.js';
import { JsonLinesFile } from './json-lines.js';

/**
 * What became of a question, one of three that never overlap: answered by the chat model,
 * answered offline (from the passages alone), or refused (the reports do not say, in either mode).
 */
export type UsageOutcome = 'answered' | 'offline' | 'refused';

export interface UsageEvent {
  /** When the question was answered (ms since the epoch). */
  t: number;
  outcome: UsageOutcome;
  /** How long the answer took. */
  ms: number;
}

/** Counts of questions, as an editor reads them: every answer (offline ones among them), every refusal. */
export interface UsageFigures {
  questions: number;
  /** Questions given an answer, by the chat model or offline. */
  answered: number;
  /** Of `answered`, those answered offline. */
  offline: number;
  /** Questions the reports hold no answer to. */
  refused: number;
  /** Median answer time; null without questions. */
  p50Ms: number | null;
}

const DAY_MS = 86_400_000;
/** /stats looks back a week; a day more covers "today" in any time zone. */
export const KEPT_MS = 8 * DAY_MS;

export function outcomeOf(answer: Answer): UsageOutcome {
  if (answer.refused) return 'refused';
  return answer.mode === 'llm' ? 'answered' : 'offline';
}

function median(values: number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (!sorted.length) return null;
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

/** The figures of the events from `from` (inclusive) on. */
export function summarize(events: UsageEvent[], from: number): UsageFigures {
  const within = events.filter((event) => event.t >= from);
  const count = (outcome: UsageOutcome) => within.filter((event) => event.outcome === outcome).length;
  return {
    questions: within.length,
    answered: count('answered') + count('offline'),
    offline: count('offline'),
    refused: count('refused'),
    p50Ms: median(within.map((event) => event.ms)),
  };
}

/** Midnight of `now`'s day, in the server's time zone. */
function startOfDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** Today (since midnight, server time) and the last seven days, of `events`. */
export function figuresOf(events: UsageEvent[], now: number): { today: UsageFigures; week: UsageFigures } {
  return { today: summarize(events, startOfDay(now)), week: summarize(events, now - 7 * DAY_MS) };
}

/** Where the questions for /stats are counted: a file in DATA_DIR by default, Redis when processes share them. */
export interface Usage {
  record(outcome: UsageOutcome, ms: number): Promise<void>;
  figures(): Promise<{ today: UsageFigures; week: UsageFigures }>;
}

/**
 * The questions readers asked, for /stats: one JSON line each in DATA_DIR/usage.jsonl, a week of
 * them kept. Prometheus counts the same since the process started; this survives restarts.
 */
export class UsageLog implements Usage {
  private events: UsageEvent[] = [];

  private constructor(
    private readonly log: JsonLinesFile<UsageEvent>,
    private readonly now: () => number,
  ) {}

  static async open(dataDir: string, now: () => number = Date.now): Promise<UsageLog> {
    const usage = new UsageLog(new JsonLinesFile(path.join(dataDir, 'usage.jsonl'), 'usage log'), now);
    const recorded = await usage.log.read();
    const since = now() - KEPT_MS;
    usage.events = recorded.filter((event) => typeof event.t === 'number' && event.t >= since);
    // Older lines are dropped from the file once they are most of it.
    if (recorded.length > 2 * usage.events.length + 100) await usage.log.rewrite(usage.events);
    return usage;
  }

  async record(outcome: UsageOutcome, ms: number): Promise<void> {
    const event: UsageEvent = { t: this.now(), outcome, ms: Math.round(ms) };
    this.events.push(event);
    const since = event.t - KEPT_MS;
    if (this.events[0].t < since) this.events = this.events.filter((old) => old.t >= since);
    await this.log.append(event);
  }

  /** Today (since midnight, server time) and the last seven days. */
  async figures(): Promise<{ today: UsageFigures; week: UsageFigures }> {
    return figuresOf(this.events, this.now());
  }
}
