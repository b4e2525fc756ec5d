import OpenAI from 'openai';
import { explainApiFailure, openaiClient, type ApiContext, type ApiFailureKind } from './openai-api.js';

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

export interface ChatModel {
  readonly model: string;
  complete(messages: ChatMessage[], options: ChatOptions): Promise<string>;
}

export type ChatFailureKind = ApiFailureKind | 'empty' | 'cancelled';

/** Any failure of a completion; the caller answers offline instead. */
export class ChatModelError extends Error {
  override name = 'ChatModelError';
  constructor(
    readonly kind: ChatFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** Low but not zero: answers should stick to the passages' wording, yet not loop on a phrase. */
const TEMPERATURE = 0.1;

export function createChatModel(options: {
  apiKey: string;
  baseUrl: string | null;
  model: string;
  fetch?: typeof fetch;
}): ChatModel {
  // A question has one time budget: `complete` retries once, within it, rather than the client.
  const client = openaiClient({ apiKey: options.apiKey, baseUrl: options.baseUrl, fetch: options.fetch });
  const context: ApiContext = {
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
      // The client's own timeout stops at the response headers; this one also covers the body.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const request = {
        signal: signal ? AbortSignal.any([deadline.signal, signal]) : deadline.signal,
        timeout: timeoutMs,
      };
      const body = { model: options.model, messages, temperature: TEMPERATURE };
      const started = Date.now();
      try {
        let text: string;
        try {
          text = onDelta ? await streamed(client, body, request, onDelta) : await whole(client, body, request);
        } catch (error) {
          // One retry, within the budget: a 5xx or a lost connection, or a 429 whose retry-after
          // leaves time to answer.
          const wait = retryWait(error, timeoutMs - (Date.now() - started));
          if (wait === null) throw error;
          await sleep(wait, request.signal);
          text = onDelta ? await streamed(client, body, request, onDelta) : await whole(client, body, request);
        }
        if (!text.trim())
          throw new ChatModelError('empty', `The chat model ${options.model} returned an empty answer.`);
        return text;
      } catch (error) {
        if (error instanceof ChatModelError) throw error;
        if (signal?.aborted) throw new ChatModelError('cancelled', 'The chat request was cancelled.');
        if (deadline.signal.aborted) {
          throw new ChatModelError('timeout', `The chat model ${options.model} timed out after ${timeoutMs} ms.`);
        }
        // No `cause`: the client's error may quote the key back, and loggers print causes.
        const { kind, message } = explainApiFailure(error, context);
        throw new ChatModelError(kind, message);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The time to wait before the one retry, or null when there is none to make in `leftMs`. */
function retryWait(error: unknown, leftMs: number): number | null {
  if (error instanceof ChatModelError || !(error instanceof OpenAI.APIError)) return null;
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError) return null;
  const status = error.status;
  let wait: number;
  if (status === 429) {
    const seconds = Number(error.headers?.get?.('retry-after') ?? 1);
    wait = Number.isFinite(seconds) ? seconds * 1000 : 1000;
  } else if (status === undefined || status >= 500) {
    wait = 200;
  } else {
    return null;
  }
  // The answer needs time too: half of what is left, at least.
  return wait < leftMs / 2 ? wait : null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

type Body = { model: string; messages: ChatMessage[]; temperature: number };
type RequestOptions = { signal: AbortSignal; timeout: number };

async function whole(client: OpenAI, body: Body, request: RequestOptions): Promise<string> {
  const completion: unknown = await client.chat.completions.create(body, request);
  const content = (completion as { choices?: Array<{ message?: { content?: unknown } }> } | null)?.choices?.[0]?.message
    ?.content;
  if (content === null || content === '') return '';
  if (typeof content !== 'string') {
    throw new ChatModelError('garbage', `The chat model ${body.model} returned no choices[0].message.content.`);
  }
  return content;
}

async function streamed(
  client: OpenAI,
  body: Body,
  request: RequestOptions,
  onDelta: (textSoFar: string) => void,
): Promise<string> {
  const stream = await client.chat.completions.create({ ...body, stream: true }, request);
  let text = '';
  for await (const chunk of stream) {
    // Some compatible servers send keep-alive or usage chunks with no choices.
    const piece = (chunk as { choices?: Array<{ delta?: { content?: unknown } }> }).choices?.[0]?.delta?.content;
    if (typeof piece !== 'string' || !piece) continue;
    text += piece;
    onDelta(text);
  }
  // The client ends the iteration quietly when aborted, which would pass off a cut answer as whole.
  request.signal.throwIfAborted();
  return text;
}
