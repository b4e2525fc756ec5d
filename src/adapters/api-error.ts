/**
 * The one way a call to an outside API fails: which API, what kind of failure (the label
 * metrics count by), and a message for whoever configured it that names what to check.
 */
import OpenAI from 'openai';
import { maskUrlCredentials, safeUrl } from '../observe/safe-url.js';

export type ApiName = 'chat' | 'embedding' | 'rerank' | 'transcription';

export type ApiErrorKind =
  | 'timeout'
  | 'rate-limit'
  | 'auth'
  | 'unreachable'
  | 'garbage'
  | 'http'
  | 'not-found'
  | 'empty'
  | 'cancelled'
  | 'other';

/** Any failed call to the chat model, the embedding API, the reranker or speech-to-text. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly api: ApiName,
    readonly kind: ApiErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** What an error message may say about the API a failing call went to. */
export interface ApiTarget {
  api: ApiName;
  /** As a person would call it: "chat model API". */
  service: string;
  /** Said only with its credentials masked. */
  baseUrl: string;
  /** Only to scrub it from messages a server echoes back. */
  apiKey: string | null;
  keyVariables: string;
  baseUrlVariables: string;
  model: string;
  modelVariable: string;
}

/**
 * An ApiError whose message is fit for a log: no key, and no credentials from any URL it
 * quotes (fetch refuses a URL with user-info and quotes it whole in its refusal).
 */
export function apiError(target: ApiTarget, kind: ApiErrorKind, message: string): ApiError {
  const scrubbed = target.apiKey ? message.split(target.apiKey).join('***') : message;
  return new ApiError(target.api, kind, maskUrlCredentials(scrubbed));
}

/** "The chat model API at https://host/v1", as messages begin. */
export function described(target: ApiTarget): string {
  return `The ${target.service} at ${safeUrl(target.baseUrl)}`;
}

/** Turns an openai client error into an ApiError that says what to check, without the key. */
export function explainApiFailure(error: unknown, target: ApiTarget): ApiError {
  const at = described(target);
  // APIError messages start with the status, which the message below already gives.
  const said = (e: Error) => e.message.replace(/^\d{3} /, '').slice(0, 300);
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    // The server's own message is left out: OpenAI's echoes part of the key.
    return apiError(target, 'auth', `${at} refused the API key (HTTP ${error.status}): check ${target.keyVariables}.`);
  }
  if (error instanceof OpenAI.NotFoundError) {
    return apiError(
      target,
      'not-found',
      `${at} answered 404 for model "${target.model}": check ${target.modelVariable} and ${target.baseUrlVariables}. (${said(error)})`,
    );
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) return apiError(target, 'timeout', `${at} timed out.`);
  if (error instanceof OpenAI.APIConnectionError) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is in its cause.
    const reason = deepestCause(error);
    const detail = reason === error ? '' : `: ${reason.message}`;
    return apiError(
      target,
      'unreachable',
      `Could not reach the ${target.service} at ${safeUrl(target.baseUrl)}${detail}. Check ${target.baseUrlVariables} and the network.`,
    );
  }
  if (error instanceof OpenAI.RateLimitError) {
    return apiError(target, 'rate-limit', `${at} is rate-limiting (HTTP 429): ${said(error)}`);
  }
  if (error instanceof OpenAI.APIError && error.status) {
    return apiError(target, 'http', `${at} failed with HTTP ${error.status}: ${said(error)}`);
  }
  if (error instanceof SyntaxError) return apiError(target, 'garbage', `${at} returned a body that is not valid JSON.`);
  return apiError(target, 'other', `${at} call failed: ${error instanceof Error ? said(error) : String(error)}`);
}

function deepestCause(error: Error): Error {
  return error.cause instanceof Error ? deepestCause(error.cause) : error;
}
