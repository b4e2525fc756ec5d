import { config as loadDotenv } from 'dotenv';
import path from 'node:path';
// zod rather than valibot: the schema library most TypeScript readers know; valibot's smaller bundle buys a server nothing.
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from '../observe/log.js';
import { isObjectStore, isUri } from '../domain/index-location.js';

/** Every setting the program reads, validated once. Nothing else reads `process.env`. */
export interface Config {
  dataDir: string;
  /** Where the LanceDB index lives: a local folder, or `s3://`, `gs://`, `az://` object storage. */
  indexUri: string;
  /** LanceDB storage options for object storage (credentials, endpoint), from the standard variables. */
  storageOptions: Record<string, string>;
  /** Where the bot's state lives when several processes share it (redis:// or rediss://); null: files in DATA_DIR. */
  redisUrl: string | null;
  seedsDir: string;
  topK: number;
  /** Passages the chat model reads (it cites some of them); offline answers read `topK`. */
  contextK: number;
  maxQuestionChars: number;
  maxUploadBytes: number;

  openaiApiKey: string | null;
  openaiBaseUrl: string | null;
  chatModel: string;
  llmTimeoutMs: number;

  embeddingApiKey: string | null;
  embeddingBaseUrl: string | null;
  embeddingModel: string;
  embeddingBatchSize: number;

  /** An optional reranker (a `/rerank` API) that reorders the fused candidates. */
  rerankModel: string | null;
  rerankBaseUrl: string | null;
  rerankApiKey: string | null;

  /** Speech-to-text for voice messages (an `/audio/transcriptions` API); null turns voice off. */
  transcribeModel: string | null;
  transcribeBaseUrl: string | null;
  transcribeApiKey: string | null;
  /** Longer voice messages are refused: one must not hold the speech-to-text API (and its bill) for minutes. */
  maxVoiceSeconds: number;

  telegramBotToken: string | null;
  telegramApiRoot: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  webhookPort: number;
  adminUserIds: number[];
  allowedChatIds: number[];
  rateLimitPerMinute: number;
  historyTurns: number;
  /** Exchanges older than this are not used to read a follow-up. */
  historyTtlMinutes: number;

  logLevel: LogLevel;
  logFormat: 'json' | 'pretty';
  /** Serves /healthz, /readyz and /metrics in polling mode; a webhook serves them on its own port. */
  healthPort: number | null;
  /** The interface the HTTP server (health, metrics, webhook) listens on; null: all of them. */
  healthHost: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  /** The first variable at fault; the message names each one, a line each. */
  readonly variable: string;

  constructor(readonly problems: Array<{ variable: string; problem: string }>) {
    super(problems.map(({ variable, problem }) => `${variable}: ${problem}`).join('\n'));
    this.variable = problems[0]?.variable ?? '';
  }
}

type Env = Record<string, string | undefined>;

/** Unset and blank are alike: a variable left empty in `.env` takes its default. */
function variable<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() ? value.trim() : undefined), schema);
}

function wholeNumber(min: number, max: number) {
  const range = {
    error: (issue: { input?: unknown }) => `expected a number from ${min} to ${max}, got ${issue.input}`,
  };
  return z
    .string()
    .regex(/^-?\d+$/, { error: (issue) => `expected a whole number, got "${issue.input}"` })
    .transform(Number)
    .pipe(z.number().min(min, range).max(max, range));
}

const httpUrl = z
  .string()
  .refine((raw) => URL.canParse(raw), {
    error: (issue) => `expected a URL such as https://example.com, got "${issue.input}"`,
    abort: true,
  })
  .refine((raw) => ['http:', 'https:'].includes(new URL(raw).protocol), {
    error: (issue) => `expected an http(s) URL, got "${issue.input}"`,
  })
  .transform((raw) => raw.replace(/\/+$/, ''));

/** A Redis URL; the problem never quotes it, since its password would land in the log. */
const redisUrl = z
  .string()
  .refine((raw) => URL.canParse(raw) && ['redis:', 'rediss:'].includes(new URL(raw).protocol), {
    error: 'expected a URL such as redis://:password@host:6379/0 (or rediss:// for TLS)',
  });

function oneOf<const T extends readonly [string, ...string[]]>(allowed: T) {
  return z
    .string()
    .transform((raw) => raw.toLowerCase())
    .pipe(z.enum(allowed, { error: (issue) => `expected one of ${allowed.join(', ')}, got "${issue.input}"` }));
}

const telegramIds = z
  .string()
  .transform((raw) => raw.split(',').map((id) => id.trim()))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^-?\d+$/, { error: (issue) => `expected comma-separated numeric Telegram ids, got "${issue.input}"` })
        .transform(Number),
    ),
  );

const port = wholeNumber(1, 65535);
const text = variable(z.string().optional());
const url = variable(httpUrl.optional());

/** The variables as set, each checked on its own; names are the variables', so a problem names its variable. */
const variables = z.object({
  DATA_DIR: text,
  INDEX_URI: variable(
    z
      .string()
      .refine((raw) => !isUri(raw) || isObjectStore(raw), {
        error: (issue) => `expected a folder or s3://bucket/prefix (also gs://, az://), got "${issue.input}"`,
      })
      .optional(),
  ),
  SEEDS_DIR: text,
  AWS_ACCESS_KEY_ID: text,
  AWS_SECRET_ACCESS_KEY: text,
  AWS_SESSION_TOKEN: text,
  AWS_REGION: text,
  AWS_ENDPOINT_URL: url,
  AWS_ALLOW_HTTP: variable(
    z
      .string()
      .regex(/^(true|false)$/i, { error: (issue) => `expected true or false, got "${issue.input}"` })
      .transform((raw) => raw.toLowerCase())
      .optional(),
  ),
  TOP_K: variable(wholeNumber(1, 20).default(5)),
  CONTEXT_K: variable(wholeNumber(1, 30).default(8)),
  MAX_QUESTION_CHARS: variable(wholeNumber(10, 4000).default(500)),
  MAX_UPLOAD_BYTES: variable(wholeNumber(1_000, 20_000_000).default(1_000_000)),

  OPENAI_API_KEY: text,
  OPENAI_BASE_URL: url,
  CHAT_MODEL: variable(z.string().default('gpt-4o-mini')),
  LLM_TIMEOUT_MS: variable(wholeNumber(100, 600_000).default(30_000)),

  EMBEDDING_API_KEY: text,
  EMBEDDING_BASE_URL: url,
  EMBEDDING_MODEL: variable(z.string().default('text-embedding-3-small')),
  EMBEDDING_BATCH_SIZE: variable(wholeNumber(1, 2048).default(64)),

  RERANK_MODEL: text,
  RERANK_BASE_URL: url,
  RERANK_API_KEY: text,

  TRANSCRIBE_MODEL: text,
  TRANSCRIBE_BASE_URL: url,
  TRANSCRIBE_API_KEY: text,
  MAX_VOICE_SECONDS: variable(wholeNumber(1, 3600).default(120)),

  TELEGRAM_BOT_TOKEN: variable(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]+$/, 'expected the form 123456:ABC-DEF… given by @BotFather')
      .optional(),
  ),
  TELEGRAM_API_ROOT: variable(httpUrl.default('https://api.telegram.org')),
  WEBHOOK_URL: url,
  REDIS_URL: variable(redisUrl.optional()),
  WEBHOOK_SECRET: variable(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  WEBHOOK_PORT: variable(port.default(8080)),
  ADMIN_USER_IDS: variable(telegramIds.default([])),
  ALLOWED_CHAT_IDS: variable(telegramIds.default([])),
  RATE_LIMIT_PER_MINUTE: variable(wholeNumber(1, 10_000).default(20)),
  HISTORY_TURNS: variable(wholeNumber(0, 20).default(3)),
  HISTORY_TTL_MINUTES: variable(wholeNumber(1, 7 * 24 * 60).default(60)),

  LOG_LEVEL: variable(oneOf(LOG_LEVELS).default('info')),
  LOG_FORMAT: variable(oneOf(['json', 'pretty']).optional()),
  HEALTH_PORT: variable(port.optional()),
  HEALTH_HOST: variable(
    z
      .union([z.ipv4(), z.ipv6(), z.hostname()], {
        error: (issue) =>
          `expected an interface's address or name such as 127.0.0.1, :: or localhost, got "${issue.input}"`,
      })
      .optional(),
  ),
});

type Variables = z.output<typeof variables>;

/** Settings that are needed once another one is set. */
function requireCompanions(env: Variables, ctx: z.RefinementCtx): void {
  const missing = (variable: keyof Variables, problem: string) =>
    ctx.addIssue({ code: 'custom', path: [variable], message: problem });
  if (env.WEBHOOK_URL && !env.WEBHOOK_SECRET)
    missing('WEBHOOK_SECRET', 'required when WEBHOOK_URL is set, so that only Telegram can post updates');
  if (env.RERANK_MODEL && !env.RERANK_BASE_URL)
    missing('RERANK_BASE_URL', 'required when RERANK_MODEL is set (e.g. https://api.jina.ai/v1)');
  if (env.TRANSCRIBE_MODEL && !(env.TRANSCRIBE_API_KEY ?? env.OPENAI_API_KEY))
    missing(
      'TRANSCRIBE_API_KEY',
      `required when TRANSCRIBE_MODEL is set ("${env.TRANSCRIBE_MODEL}"); OPENAI_API_KEY is used when it is not given`,
    );
}

const environment = variables.superRefine(requireCompanions);

/**
 * The standard AWS variables, passed to LanceDB under its own option names. Only what is set is
 * passed: LanceDB then falls back to its own credential chain (instance roles, ~/.aws).
 */
function storageOptions(env: Variables): Record<string, string> {
  const options = {
    aws_access_key_id: env.AWS_ACCESS_KEY_ID,
    aws_secret_access_key: env.AWS_SECRET_ACCESS_KEY,
    aws_session_token: env.AWS_SESSION_TOKEN,
    aws_region: env.AWS_REGION,
    aws_endpoint: env.AWS_ENDPOINT_URL,
    allow_http: env.AWS_ALLOW_HTTP,
  };
  return Object.fromEntries(Object.entries(options).filter((entry): entry is [string, string] => !!entry[1]));
}

/** The checked variables as the program uses them: paths resolved, keys and URLs falling back to OPENAI_*. */
function settings(env: Variables, cwd: string): Config {
  const dataDir = path.resolve(cwd, env.DATA_DIR ?? './data');
  const openaiApiKey = env.OPENAI_API_KEY ?? null;
  const openaiBaseUrl = env.OPENAI_BASE_URL ?? null;
  const embeddingApiKey = env.EMBEDDING_API_KEY ?? openaiApiKey;
  return {
    dataDir,
    indexUri: !env.INDEX_URI
      ? path.join(dataDir, 'index')
      : isUri(env.INDEX_URI)
        ? env.INDEX_URI.replace(/\/+$/, '')
        : path.resolve(cwd, env.INDEX_URI),
    storageOptions: storageOptions(env),
    redisUrl: env.REDIS_URL ?? null,
    seedsDir: path.resolve(cwd, env.SEEDS_DIR ?? './seeds'),
    topK: env.TOP_K,
    contextK: env.CONTEXT_K,
    maxQuestionChars: env.MAX_QUESTION_CHARS,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    openaiApiKey,
    openaiBaseUrl,
    chatModel: env.CHAT_MODEL,
    llmTimeoutMs: env.LLM_TIMEOUT_MS,
    embeddingApiKey,
    embeddingBaseUrl: env.EMBEDDING_BASE_URL ?? openaiBaseUrl,
    embeddingModel: env.EMBEDDING_MODEL,
    embeddingBatchSize: env.EMBEDDING_BATCH_SIZE,
    rerankModel: env.RERANK_MODEL ?? null,
    rerankBaseUrl: env.RERANK_BASE_URL ?? null,
    rerankApiKey: env.RERANK_API_KEY ?? embeddingApiKey,
    transcribeModel: env.TRANSCRIBE_MODEL ?? null,
    transcribeBaseUrl: env.TRANSCRIBE_BASE_URL ?? openaiBaseUrl,
    transcribeApiKey: env.TRANSCRIBE_API_KEY ?? openaiApiKey,
    maxVoiceSeconds: env.MAX_VOICE_SECONDS,
    telegramBotToken: env.TELEGRAM_BOT_TOKEN ?? null,
    telegramApiRoot: env.TELEGRAM_API_ROOT,
    webhookUrl: env.WEBHOOK_URL ?? null,
    webhookSecret: env.WEBHOOK_SECRET ?? null,
    webhookPort: env.WEBHOOK_PORT,
    adminUserIds: env.ADMIN_USER_IDS,
    allowedChatIds: env.ALLOWED_CHAT_IDS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    historyTurns: env.HISTORY_TURNS,
    historyTtlMinutes: env.HISTORY_TTL_MINUTES,
    logLevel: env.LOG_LEVEL,
    // A person at a terminal reads lines; anything else (a container, systemd, a pipe) collects JSON.
    logFormat: env.LOG_FORMAT ?? (process.stderr.isTTY ? 'pretty' : 'json'),
    healthPort: env.HEALTH_PORT ?? null,
    healthHost: env.HEALTH_HOST ?? null,
  };
}

/** Builds the configuration from an environment (process.env plus `.env` by default). */
export function loadConfig(env: Env = readProcessEnv(), cwd = process.cwd()): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), problem: issue.message })),
    );
  }
  return settings(parsed.data, cwd);
}

function readProcessEnv(): Env {
  loadDotenv({ quiet: true });
  return process.env;
}
