import type OpenAI from 'openai';
import { callApi } from './api-call.js';
import { apiError, type ApiTarget } from './api-error.js';
import { openaiClient } from './openai-api.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  /** Bounds the whole call: connecting, waiting, and reading (or streaming) the answer. */
  timeoutMs: number;
  /** When given, the answer is streamed and this receives the text so far after each piece. */
  onDelta?: (textSoFar: string) => void;
  signal?: AbortSignal;
}

/** A completion fails with an ApiError (api 'chat'); the caller answers offline instead. */
export interface ChatModel {
  readonly model: string;
  complete(messages: ChatMessage[], options: ChatOptions): Promise<string>;
}

/** Low but not zero: answers should stick to the passages' wording, yet not loop on a phrase. */
const TEMPERATURE = 0.1;
/** A 5xx or a lost connection is retried this soon, once, if the question's budget allows. */
const RETRY_BACKOFF_MS = 200;

export function createChatModel(options: {
  apiKey: string;
  baseUrl: string | null;
  model: string;
  fetch?: typeof fetch;
}): ChatModel {
  const client = openaiClient(options);
  const target: ApiTarget = {
    api: 'chat',
    service: 'chat model API',
    baseUrl: client.baseURL,
    apiKey: options.apiKey,
    keyVariables: 'OPENAI_API_KEY',
    baseUrlVariables: 'OPENAI_BASE_URL',
    model: options.model,
    modelVariable: 'CHAT_MODEL',
  };

  return {
    model: options.model,
    async complete(messages, { timeoutMs, onDelta, signal }) {
      const body = { model: options.model, messages, temperature: TEMPERATURE };
      // A question has one time budget: one retry, within it.
      const text = await callApi(target, { signal, timeoutMs, retries: 1, backoffMs: RETRY_BACKOFF_MS }, (attempt) =>
        onDelta ? streamed(client, body, attempt, onDelta) : whole(client, target, body, attempt),
      );
      if (!text.trim()) throw apiError(target, 'empty', `The chat model ${options.model} returned an empty answer.`);
      return text;
    },
  };
}

type Body = { model: string; messages: ChatMessage[]; temperature: number };

async function whole(client: OpenAI, target: ApiTarget, body: Body, signal: AbortSignal): Promise<string> {
  const completion: unknown = await client.chat.completions.create(body, { signal });
  const content = (completion as { choices?: Array<{ message?: { content?: unknown } }> } | null)?.choices?.[0]?.message
    ?.content;
  if (content === null || content === '') return '';
  if (typeof content !== 'string') {
    throw apiError(target, 'garbage', `The chat model ${body.model} returned no choices[0].message.content.`);
  }
  return content;
}

async function streamed(
  client: OpenAI,
  body: Body,
  signal: AbortSignal,
  onDelta: (textSoFar: string) => void,
): Promise<string> {
  const stream = await client.chat.completions.create({ ...body, stream: true }, { signal });
  let text = '';
  for await (const chunk of stream) {
    // Some compatible servers send keep-alive or usage chunks with no choices.
    const piece = (chunk as { choices?: Array<{ delta?: { content?: unknown } }> }).choices?.[0]?.delta?.content;
    if (typeof piece !== 'string' || !piece) continue;
    text += piece;
    onDelta(text);
  }
  // The client ends the iteration quietly when aborted, which would pass off a cut answer as whole.
  signal.throwIfAborted();
  return text;
}
