/**
 * What the embedder and the chat model share about OpenAI-compatible APIs: where they are by
 * default, and how a failed call is explained to the person who configured it.
 */
import OpenAI from 'openai';
import { safeUrl } from '../observe/safe-url.js';

/** Passed explicitly so the client never falls back to reading OPENAI_BASE_URL itself. */
const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * The `openai` client as every caller here wants it: settings from src/app/config.ts only
 * (organization and project are pinned, or the client would read them itself), and retries
 * off unless asked for — it sleeps for a 429's whole retry-after, deaf to the abort signal.
 */
export function openaiClient(options: {
  apiKey: string;
  /** OpenAI's own API when not given. */
  baseUrl: string | null;
  fetch?: typeof fetch;
  maxRetries?: number;
  timeoutMs?: number;
}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? DEFAULT_OPENAI_BASE_URL,
    fetch: options.fetch,
    maxRetries: options.maxRetries ?? 0,
    timeout: options.timeoutMs,
    organization: null,
    project: null,
  });
}

/** What an error message may say about the API a failing call went to. */
export interface ApiContext {
  service: string;
  baseUrl: string;
  /** Only to scrub it from messages a server echoes back. */
  apiKey: string;
  keyVariables: string;
  baseUrlVariables: string;
  model: string;
  modelVariable: string;
}

export type ApiFailureKind =
  | 'auth'
  | 'not-found'
  | 'unreachable'
  | 'timeout'
  | 'rate-limit'
  | 'http'
  | 'garbage'
  | 'other';

/** Turns an openai client error into a message that says what to check, without the key. */
export function explainApiFailure(error: unknown, context: ApiContext): { kind: ApiFailureKind; message: string } {
  const at = `The ${context.service} at ${safeUrl(context.baseUrl)}`;
  // APIError messages start with the status, which the message below already gives.
  const said = (e: Error) =>
    scrub(e.message, context.apiKey)
      .replace(/^\d{3} /, '')
      .slice(0, 300);
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    // The server's own message is left out: OpenAI's echoes part of the key.
    return {
      kind: 'auth',
      message: `${at} refused the API key (HTTP ${error.status}): check ${context.keyVariables}.`,
    };
  }
  if (error instanceof OpenAI.NotFoundError) {
    return {
      kind: 'not-found',
      message: `${at} answered 404 for model "${context.model}": check ${context.modelVariable} and ${context.baseUrlVariables}. (${said(error)})`,
    };
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return { kind: 'timeout', message: `${at} timed out.` };
  }
  if (error instanceof OpenAI.APIConnectionError) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is in its cause.
    const reason = deepestCause(error);
    const detail = reason === error ? '' : `: ${scrub(reason.message, context.apiKey)}`;
    return {
      kind: 'unreachable',
      message: `Could not reach the ${context.service} at ${safeUrl(context.baseUrl)}${detail}. Check ${context.baseUrlVariables} and the network.`,
    };
  }
  if (error instanceof OpenAI.RateLimitError) {
    return { kind: 'rate-limit', message: `${at} is rate-limiting (HTTP 429): ${said(error)}` };
  }
  if (error instanceof OpenAI.APIError && error.status) {
    return { kind: 'http', message: `${at} failed with HTTP ${error.status}: ${said(error)}` };
  }
  if (error instanceof SyntaxError) {
    return { kind: 'garbage', message: `${at} returned a body that is not valid JSON.` };
  }
  return { kind: 'other', message: `${at} call failed: ${error instanceof Error ? said(error) : String(error)}` };
}

function deepestCause(error: Error): Error {
  return error.cause instanceof Error ? deepestCause(error.cause) : error;
}

function scrub(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}
