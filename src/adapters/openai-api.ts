/** The `openai` client as every adapter here wants it. */
import OpenAI from 'openai';

/** Passed explicitly so the client never falls back to reading OPENAI_BASE_URL itself. */
const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * Settings from src/app/config.ts only (organization and project are pinned, or the client would
 * read them itself), and no retries of its own: callApi (api-call.ts) decides those. Without a
 * key no Authorization header is sent, for servers that want none (a self-hosted reranker).
 */
export function openaiClient(options: { apiKey: string | null; baseUrl: string | null; fetch?: typeof fetch }): OpenAI {
  return new OpenAI({
    // The client insists on a key; the header that would carry this placeholder is removed below.
    apiKey: options.apiKey || 'none',
    defaultHeaders: options.apiKey ? undefined : { Authorization: null },
    baseURL: options.baseUrl ?? DEFAULT_OPENAI_BASE_URL,
    fetch: options.fetch,
    maxRetries: 0,
    organization: null,
    project: null,
  });
}
