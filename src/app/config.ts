import { config as loadDotenv } from 'dotenv';
import path from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../observe/log.js';

/** Every setting the program reads, validated once. Nothing else reads `process.env`. */
export interface Config {
  dataDir: string;
  /** Where the LanceDB index lives: a local folder, or `s3://`, `gs://`, `az://` object storage. */
  indexUri: string;
  /** LanceDB storage options for object storage (credentials, endpoint), from the standard variables. */
  storageOptions: Record<string, string>;
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
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `expected a URL such as https://example.com, got "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(name, `expected an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

const OBJECT_STORE = /^(s3|s3\+ddb|gs|az):\/\/[^/]+/;

/** A local path (made absolute) or an object-storage URI. */
function indexUri(env: Env, dataDir: string, cwd: string): string {
  const raw = text(env, 'INDEX_URI');
  if (raw === null) return path.join(dataDir, 'index');
  if (/^[a-z][a-z0-9+]*:\/\//i.test(raw)) {
    if (!OBJECT_STORE.test(raw))
      throw new ConfigError('INDEX_URI', `expected a folder or s3://bucket/prefix (also gs://, az://), got "${raw}"`);
    return raw.replace(/\/+$/, '');
  }
  return path.resolve(cwd, raw);
}

/**
 * The standard AWS variables, passed to LanceDB under its own option names. Only what is set is
 * passed: LanceDB then falls back to its own credential chain (instance roles, ~/.aws).
 */
function storageOptions(env: Env): Record<string, string> {
  const options: Record<string, string> = {};
  const copy = (variable: string, option: string) => {
    const value = text(env, variable);
    if (value !== null) options[option] = value;
  };
  copy('AWS_ACCESS_KEY_ID', 'aws_access_key_id');
  copy('AWS_SECRET_ACCESS_KEY', 'aws_secret_access_key');
  copy('AWS_SESSION_TOKEN', 'aws_session_token');
  copy('AWS_REGION', 'aws_region');
  const endpoint = url(env, 'AWS_ENDPOINT_URL');
  if (endpoint) options.aws_endpoint = endpoint;
  const allowHttp = text(env, 'AWS_ALLOW_HTTP');
  if (allowHttp !== null) {
    if (!/^(true|false)$/i.test(allowHttp))
      throw new ConfigError('AWS_ALLOW_HTTP', `expected true or false, got "${allowHttp}"`);
    options.allow_http = allowHttp.toLowerCase();
  }
  return options;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  return value;
}

function ids(env: Env, name: string): number[] {
  const raw = text(env, name);
  if (raw === null) return [];
  return raw.split(',').map((part) => {
    const id = part.trim();
    if (!/^-?\d+$/.test(id)) throw new ConfigError(name, `expected comma-separated numeric Telegram ids, got "${id}"`);
    return Number(id);
  });
}

/** RERANK_MODEL needs RERANK_BASE_URL; the key falls back to the embedding key, then OPENAI_API_KEY. */
function reranker(env: Env): Pick<Config, 'rerankModel' | 'rerankBaseUrl' | 'rerankApiKey'> {
  const rerankModel = text(env, 'RERANK_MODEL');
  const rerankBaseUrl = url(env, 'RERANK_BASE_URL');
  if (rerankModel && !rerankBaseUrl) {
    throw new ConfigError('RERANK_BASE_URL', 'required when RERANK_MODEL is set (e.g. https://api.jina.ai/v1)');
  }
  return {
    rerankModel,
    rerankBaseUrl,
    rerankApiKey: text(env, 'RERANK_API_KEY') ?? text(env, 'EMBEDDING_API_KEY') ?? text(env, 'OPENAI_API_KEY'),
  };
}

/** TRANSCRIBE_MODEL needs a key: its own, or OPENAI_API_KEY. The base URL falls back to OPENAI_BASE_URL. */
function transcriber(
  env: Env,
  openaiApiKey: string | null,
  openaiBaseUrl: string | null,
): Pick<Config, 'transcribeModel' | 'transcribeBaseUrl' | 'transcribeApiKey'> {
  const transcribeModel = text(env, 'TRANSCRIBE_MODEL');
  const transcribeApiKey = text(env, 'TRANSCRIBE_API_KEY') ?? openaiApiKey;
  if (transcribeModel && !transcribeApiKey) {
    throw new ConfigError(
      'TRANSCRIBE_API_KEY',
      `required when TRANSCRIBE_MODEL is set ("${transcribeModel}"); OPENAI_API_KEY is used when it is not given`,
    );
  }
  return {
    transcribeModel,
    transcribeBaseUrl: url(env, 'TRANSCRIBE_BASE_URL') ?? openaiBaseUrl,
    transcribeApiKey,
  };
}

/** Builds the configuration from an environment (process.env plus `.env` by default). */
export function loadConfig(env: Env = readProcessEnv(), cwd = process.cwd()): Config {
  const openaiApiKey = text(env, 'OPENAI_API_KEY');
  const openaiBaseUrl = url(env, 'OPENAI_BASE_URL');
  const webhookUrl = url(env, 'WEBHOOK_URL');
  const webhookSecret = text(env, 'WEBHOOK_SECRET');
  if (webhookUrl && !webhookSecret) {
    throw new ConfigError('WEBHOOK_SECRET', 'required when WEBHOOK_URL is set, so that only Telegram can post updates');
  }
  if (webhookSecret && !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) {
    throw new ConfigError('WEBHOOK_SECRET', 'Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and -');
  }
  const token = text(env, 'TELEGRAM_BOT_TOKEN');
  if (token && !/^\d+:[A-Za-z0-9_-]+$/.test(token)) {
    throw new ConfigError('TELEGRAM_BOT_TOKEN', 'expected the form 123456:ABC-DEF… given by @BotFather');
  }
  const dataDir = path.resolve(cwd, text(env, 'DATA_DIR') ?? './data');
  return {
    dataDir,
    indexUri: indexUri(env, dataDir, cwd),
    storageOptions: storageOptions(env),
    seedsDir: path.resolve(cwd, text(env, 'SEEDS_DIR') ?? './seeds'),
    topK: integer(env, 'TOP_K', 5, 1, 20),
    contextK: integer(env, 'CONTEXT_K', 8, 1, 30),
    maxQuestionChars: integer(env, 'MAX_QUESTION_CHARS', 500, 10, 4000),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', 1_000_000, 1_000, 20_000_000),

    openaiApiKey,
    openaiBaseUrl,
    chatModel: text(env, 'CHAT_MODEL') ?? 'gpt-4o-mini',
    llmTimeoutMs: integer(env, 'LLM_TIMEOUT_MS', 30_000, 100, 600_000),

    embeddingApiKey: text(env, 'EMBEDDING_API_KEY') ?? openaiApiKey,
    embeddingBaseUrl: url(env, 'EMBEDDING_BASE_URL') ?? openaiBaseUrl,
    embeddingModel: text(env, 'EMBEDDING_MODEL') ?? 'text-embedding-3-small',
    embeddingBatchSize: integer(env, 'EMBEDDING_BATCH_SIZE', 64, 1, 2048),

    ...reranker(env),

    ...transcriber(env, openaiApiKey, openaiBaseUrl),
    maxVoiceSeconds: integer(env, 'MAX_VOICE_SECONDS', 120, 1, 3600),

    telegramBotToken: token,
    telegramApiRoot: url(env, 'TELEGRAM_API_ROOT') ?? 'https://api.telegram.org',
    webhookUrl,
    webhookSecret,
    webhookPort: integer(env, 'WEBHOOK_PORT', 8080, 1, 65535),
    adminUserIds: ids(env, 'ADMIN_USER_IDS'),
    allowedChatIds: ids(env, 'ALLOWED_CHAT_IDS'),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 20, 1, 10_000),
    historyTurns: integer(env, 'HISTORY_TURNS', 3, 0, 20),
    historyTtlMinutes: integer(env, 'HISTORY_TTL_MINUTES', 60, 1, 7 * 24 * 60),

    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    // A person at a terminal reads lines; anything else (a container, systemd, a pipe) collects JSON.
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, process.stderr.isTTY ? 'pretty' : 'json'),
    healthPort: text(env, 'HEALTH_PORT') === null ? null : integer(env, 'HEALTH_PORT', 0, 1, 65535),
  };
}

function readProcessEnv(): Env {
  loadDotenv({ quiet: true });
  return process.env;
}
