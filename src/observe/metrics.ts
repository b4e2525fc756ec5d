import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type QuestionOutcome = 'answered' | 'refused' | 'offline' | 'small-talk' | 'stopped' | 'error' | 'rejected';
export type IndexChange = 'reindex' | 'add' | 'remove';

/** What the index reports when Prometheus scrapes; read then, so it is never stale. */
export interface IndexGauges {
  version: number;
  passages: number;
  pages: number;
}

/**
 * The bot's Prometheus metrics, in a registry of its own (tests create several in one process).
 * Names follow Prometheus' conventions: a unit suffix, `_total` on counters.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly questions = new Counter({
    name: 'qa_questions_total',
    help: 'Questions asked, by outcome: answered (by the model), offline (answered without it), refused, small-talk (a greeting or thanks), error, rejected (empty or too long)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly answerSeconds = new Histogram({
    name: 'qa_answer_duration_seconds',
    help: 'Time from a question to its answer',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
    registers: [this.registry],
  });
  private readonly apiErrors = new Counter({
    name: 'qa_api_errors_total',
    help: 'Failed calls to the chat model, the embedding API, the reranker and speech-to-text, by kind (timeout, rate-limit, auth, unreachable, garbage, …)',
    labelNames: ['api', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly changeSeconds = new Histogram({
    name: 'qa_index_change_duration_seconds',
    help: 'Time a change to the index took: a reindex, an added page, a removed page',
    labelNames: ['change', 'result'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
    registers: [this.registry],
  });

  /** `index` is asked at each scrape; null while there is no index to describe. */
  constructor(index: () => Promise<IndexGauges | null>) {
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, value: (gauges: IndexGauges) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const gauges = await index();
          if (gauges) this.set(value(gauges));
        },
      });
    gauge('qa_index_version', 'Version of the passages table the bot answers from', (g) => g.version);
    gauge('qa_index_passages', 'Passages the bot answers from', (g) => g.passages);
    gauge('qa_index_pages', 'Pages in the index', (g) => g.pages);
  }

  question(outcome: QuestionOutcome, seconds: number): void {
    this.questions.inc({ outcome });
    this.answerSeconds.observe({ outcome }, seconds);
  }

  apiError(api: 'chat' | 'embedding' | 'rerank' | 'transcription', kind: string): void {
    this.apiErrors.inc({ api, kind });
  }

  indexChange(change: IndexChange, seconds: number, ok: boolean): void {
    this.changeSeconds.observe({ change, result: ok ? 'ok' : 'failed' }, seconds);
  }
}
