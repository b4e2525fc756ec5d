// toFile from the package root: `openai/uploads` is the same function under a deprecated path.
import { toFile } from 'openai';
import { callApi } from './api-call.js';
import { apiError, type ApiError, type ApiErrorKind, type ApiTarget } from './api-error.js';
import { openaiClient } from './openai-api.js';
import { UserError, type TranscribeOptions, type UserErrorCode } from '../domain/types.js';

/** Speech to text: the words spoken in a recording. */
export interface Transcriber {
  transcribe(audio: Uint8Array, fileName: string, options?: TranscribeOptions): Promise<string>;
}

/**
 * What the speaker is told when the speech-to-text API fails: they can do nothing about the API
 * but retry or type. The API's failure stays beside it, for the log and the metrics: `kind`, and
 * `detail` for whoever configured it (which variable to check).
 */
export class VoiceRefusal extends UserError {
  override name = 'VoiceRefusal';
  readonly kind: ApiErrorKind;
  readonly detail: string;
  constructor(failure: ApiError) {
    super(speakerMessage(failure.kind));
    this.kind = failure.kind;
    this.detail = failure.message;
  }
}

function speakerMessage(kind: ApiErrorKind): UserErrorCode {
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
  const client = openaiClient(options);
  const target: ApiTarget = {
    api: 'transcription',
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
      const file = await toFile(audio, uploadName(fileName));
      try {
        // No retries, as for a question's embedding: someone waits for the reply. Sending again is theirs.
        return await callApi(target, { signal, timeoutMs: options.timeoutMs }, async (attempt) =>
          spokenText(
            await client.audio.transcriptions.create({ file, model: options.model, language }, { signal: attempt }),
            target,
          ),
        );
      } catch (error) {
        throw new VoiceRefusal(error as ApiError);
      }
    },
  };
}

function spokenText(response: unknown, target: ApiTarget): string {
  const text = (response as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') {
    throw apiError(target, 'garbage', `The ${target.service} (${target.model}) returned no "text".`);
  }
  const trimmed = text.trim();
  if (!trimmed) {
    throw apiError(target, 'empty', `The ${target.service} (${target.model}) heard no words in the recording.`);
  }
  return trimmed;
}
