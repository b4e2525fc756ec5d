// toFile from the package root: `openai/uploads` is the same function under a deprecated path.
import { toFile } from 'openai';
import { explainApiFailure, openaiClient, type ApiContext, type ApiFailureKind } from './openai-api.js';
import { UserError, type TranscribeOptions, type UserErrorCode } from '../domain/types.js';

/** Speech to text: the words spoken in a recording. */
export interface Transcriber {
  transcribe(audio: Uint8Array, fileName: string, options?: TranscribeOptions): Promise<string>;
}

export type TranscriptionFailureKind = ApiFailureKind | 'empty' | 'cancelled';

/**
 * A failed transcription. Its message is for the speaker, who can do nothing about the API but
 * retry or type; `detail` is for whoever configured it (which variable to check), and is logged.
 */
export class TranscriptionError extends UserError {
  override name = 'TranscriptionError';
  constructor(
    readonly kind: TranscriptionFailureKind,
    readonly detail: string,
  ) {
    super(speakerMessage(kind));
  }
}

function speakerMessage(kind: TranscriptionFailureKind): UserErrorCode {
  switch (kind) {
    case 'timeout':
      return 'voice-timeout';
    case 'empty':
      return 'voice-unheard';
    case 'cancelled':
      return 'voice-cancelled';
    default:
      return 'voice-failed';
  }
}

/**
 * Telegram and others name Ogg audio `.oga`; OpenAI and Groq tell the format by the extension
 * and know only `.ogg`.
 */
function uploadName(fileName: string): string {
  return fileName.replace(/\.oga$/i, '.ogg');
}

export interface OpenAITranscriberOptions {
  apiKey: string;
  baseUrl: string | null;
  model: string;
  /** Bounds the whole call, upload included. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** A transcriber over any OpenAI-compatible `/audio/transcriptions` endpoint (multipart upload, `{ text }` back). */
export function createOpenAITranscriber(options: OpenAITranscriberOptions): Transcriber {
  // No retries, as for a question's embedding: someone waits for the reply. Sending again is theirs.
  const client = openaiClient({ apiKey: options.apiKey, baseUrl: options.baseUrl, fetch: options.fetch });
  const context: ApiContext = {
    service: 'speech-to-text API',
    baseUrl: client.baseURL,
    apiKey: options.apiKey,
    keyVariables: 'TRANSCRIBE_API_KEY (or OPENAI_API_KEY, its fallback)',
    baseUrlVariables: 'TRANSCRIBE_BASE_URL / OPENAI_BASE_URL',
    model: options.model,
    modelVariable: 'TRANSCRIBE_MODEL',
  };

  return {
    async transcribe(audio, fileName, { language, signal } = {}) {
      // The client's own timeout stops at the response headers; this one also covers the upload and the body.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
      let response: unknown;
      try {
        response = await client.audio.transcriptions.create(
          { file: await toFile(audio, uploadName(fileName)), model: options.model, language },
          {
            signal: signal ? AbortSignal.any([deadline.signal, signal]) : deadline.signal,
            timeout: options.timeoutMs,
          },
        );
      } catch (error) {
        if (signal?.aborted) throw new TranscriptionError('cancelled', 'The transcription was cancelled.');
        if (deadline.signal.aborted) {
          throw new TranscriptionError(
            'timeout',
            `The ${context.service} (${options.model}) did not answer within ${options.timeoutMs} ms (LLM_TIMEOUT_MS).`,
          );
        }
        // No `cause`: the client's error may quote the key back, and loggers print causes.
        const { kind, message } = explainApiFailure(error, context);
        throw new TranscriptionError(kind, message);
      } finally {
        clearTimeout(timer);
      }
      return spokenText(response, context);
    },
  };
}

function spokenText(response: unknown, context: ApiContext): string {
  const text = (response as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') {
    throw new TranscriptionError('garbage', `The ${context.service} (${context.model}) returned no "text".`);
  }
  const trimmed = text.trim();
  if (!trimmed) {
    throw new TranscriptionError('empty', `The ${context.service} (${context.model}) heard no words in the recording.`);
  }
  return trimmed;
}
