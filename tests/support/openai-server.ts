import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatMessage } from '../../src/adapters/chat.js';
import { fnv1a } from '../../src/text/hash.js';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed JSON; a multipart form's fields, files as `UploadedFile`; or the raw text. */
  body: any;
  authorization: string | undefined;
}

/** What the next request gets instead of a normal answer. */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Headers are never sent. */
  | { kind: 'hang' }
  /** A normal answer, late. */
  | { kind: 'delay'; ms: number }
  /** A streamed chat answer sends its first piece, then nothing more. */
  | { kind: 'stall-stream' }
  /** Status 200 with this body. */
  | { kind: 'garbage'; body: string; contentType: string };

/** A file part of a multipart form, as the server received it. */
export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** What `/v1/audio/transcriptions` was sent. */
export interface TranscriptionRequest {
  audio: UploadedFile;
  model: string;
  language: string | undefined;
}

export interface FakeOpenAIOptions {
  dim?: number;
  /** The chat model's answer to a conversation. */
  reply?: (messages: ChatMessage[]) => string;
  /** When set, other bearer tokens get a 401 that echoes them, as OpenAI does (partly). */
  apiKey?: string;
  /** Characters per streamed piece. */
  streamPiece?: number;
  /** The text heard in an upload to `/v1/audio/transcriptions`. */
  transcribe?: (request: TranscriptionRequest) => string;
}

/** By default, the share of the query's characters a document contains. */
const overlapScore = (query: string, document: string) =>
  [...query].filter((ch) => document.includes(ch)).length / Math.max(1, [...query].length);

/**
 * An OpenAI-compatible API on loopback for tests: `/v1/embeddings` (deterministic vectors, base64
 * or float, listed in reverse so clients must sort by index), `/v1/chat/completions` (JSON or
 * SSE), `/v1/rerank` and `/v1/audio/transcriptions` (a multipart upload, `{ text }` or plain text
 * back), with injectable faults and a record of every request.
 */
export class FakeOpenAIServer {
  dim: number;
  reply: (messages: ChatMessage[]) => string;
  transcribe: (request: TranscriptionRequest) => string;
  /** How `/v1/rerank` scores a document for a query. */
  rerankScore: (query: string, document: string) => number = overlapScore;
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly apiKey: string | undefined;
  private readonly streamPiece: number;

  constructor(options: FakeOpenAIOptions = {}) {
    this.dim = options.dim ?? 16;
    this.reply = options.reply ?? (() => 'A reply [1].');
    this.transcribe = options.transcribe ?? (() => 'A transcription.');
    this.apiKey = options.apiKey;
    this.streamPiece = options.streamPiece ?? 4;
  }

  /** Queues `fault` for the next `times` requests (after faults already queued). */
  inject(fault: Fault, times = 1): this {
    for (let i = 0; i < times; i++) this.faults.push(fault);
    return this;
  }

  failNext(times: number, status = 500): this {
    return this.inject({ kind: 'status', status }, times);
  }

  rateLimitNext(times: number, retryAfterSeconds: number): this {
    return this.inject({ kind: 'status', status: 429, headers: { 'retry-after': String(retryAfterSeconds) } }, times);
  }

  hangNext(times = 1): this {
    return this.inject({ kind: 'hang' }, times);
  }

  delayNext(ms: number, times = 1): this {
    return this.inject({ kind: 'delay', ms }, times);
  }

  garbageNext(body: string, contentType = 'application/json', times = 1): this {
    return this.inject({ kind: 'garbage', body, contentType }, times);
  }

  /** Forgets queued faults and recorded requests. */
  reset(): void {
    this.faults.length = 0;
    this.requests.length = 0;
  }

  async start(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) =>
        send(res, 500, { error: { message: String(error), type: 'server_error' } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/v1`,
      close: () =>
        new Promise<void>((resolve) => {
          // Hanging requests would keep close() waiting forever.
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await parseBody(await readBody(req), req.headers['content-type']);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    this.requests.push({ method: req.method ?? '', path, body, authorization: req.headers.authorization });

    if (this.apiKey !== undefined && req.headers.authorization !== `Bearer ${this.apiKey}`) {
      const given = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      return send(res, 401, {
        error: {
          message: `Incorrect API key provided: ${given}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    }
    const fault = this.faults.shift();
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      return send(
        res,
        fault.status,
        fault.body ?? { error: { message: `injected ${fault.status}`, type: 'server_error' } },
        fault.headers,
      );
    }
    if (fault?.kind === 'garbage') {
      res.writeHead(200, { 'content-type': fault.contentType });
      return void res.end(fault.body);
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));

    if (req.method === 'POST' && path === '/v1/embeddings') return this.embeddings(body, res);
    if (req.method === 'POST' && path === '/v1/rerank') return this.rerank(body, res);
    if (req.method === 'POST' && path === '/v1/audio/transcriptions') return this.transcription(body, res);
    if (req.method === 'POST' && path === '/v1/chat/completions')
      return this.chat(body, res, fault?.kind === 'stall-stream');
    send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
  }

  /** Jina/Cohere-style reranking, best first, scored by `rerankScore`. */
  private rerank(body: any, res: ServerResponse): void {
    const query = String(body?.query ?? '');
    const documents: string[] = Array.isArray(body?.documents) ? body.documents : [];
    const results = documents.map((document, index) => ({ index, relevance_score: this.rerankScore(query, document) }));
    send(res, 200, { model: body?.model, results: results.sort((a, b) => b.relevance_score - a.relevance_score) });
  }

  /** Whisper's endpoint: `file` and `model` required; `json` (the default) or `text` back. */
  private transcription(body: any, res: ServerResponse): void {
    const format = body?.response_format ?? 'json';
    const problem = transcriptionProblem(body, format);
    if (problem) {
      send(res, 400, { error: { message: problem, type: 'invalid_request_error' } });
      return;
    }
    const text = this.transcribe({ audio: body.file, model: body.model, language: body.language });
    if (format === 'json') {
      send(res, 200, { text });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  }

  private embeddings(body: any, res: ServerResponse): void {
    const inputs: unknown[] = Array.isArray(body?.input) ? body.input : [body?.input];
    if (!inputs.every((input) => typeof input === 'string')) {
      send(res, 400, {
        error: { message: 'input must be a string or a list of strings', type: 'invalid_request_error' },
      });
      return;
    }
    const base64 = body.encoding_format === 'base64';
    const data = (inputs as string[]).map((text, index) => {
      const vector = fakeEmbedding(text, this.dim);
      return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : Array.from(vector) };
    });
    send(res, 200, {
      object: 'list',
      data: data.reverse(),
      model: body.model,
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  }

  private chat(body: any, res: ServerResponse, stall: boolean): void {
    const text = this.reply(body?.messages ?? []);
    const base = { id: 'chatcmpl-test', created: 0, model: body?.model };
    if (!body?.stream) {
      send(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const event = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const pieces = text.match(new RegExp(`[^]{1,${this.streamPiece}}`, 'gu')) ?? [];
    if (stall) return void res.write(event({ role: 'assistant', content: pieces[0] ?? '' }, null));
    for (const piece of pieces) res.write(event({ content: piece }, null));
    res.write(event({}, 'stop'));
    res.end('data: [DONE]\n\n');
  }
}

/**
 * The vector the server returns for `text`: its characters and character pairs hashed into `dim`
 * buckets and normalised. Texts that share words get similar vectors, as with a real model, so
 * retrieval over them behaves; tests can compute the same vector.
 */
export function fakeEmbedding(text: string, dim: number): Float32Array {
  const vector = new Float32Array(dim);
  const chars = [...text];
  chars.forEach((char, i) => {
    vector[fnv1a(char) % dim] += 1;
    if (i + 1 < chars.length) vector[fnv1a(char + chars[i + 1]) % dim] += 1;
  });
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** Little-endian float32, base64: the `encoding_format: "base64"` wire format. */
export function toBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [i, value] of vector.entries()) bytes.writeFloatLE(value, i * 4);
  return bytes.toString('base64');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Multipart bodies are parsed by the runtime's own form-data reader, as strictly as a real server would. */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (!contentType?.startsWith('multipart/form-data')) return parseJson(raw.toString('utf8'));
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, string | UploadedFile> = {};
  for (const [name, value] of form) {
    fields[name] =
      typeof value === 'string'
        ? value
        : { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return fields;
}

/** What OpenAI would answer 400 for, or null. */
function transcriptionProblem(body: any, format: unknown): string | null {
  if (!isUploadedFile(body?.file)) return 'file: a multipart file part is required';
  if (typeof body.model !== 'string' || !body.model) return 'model: required';
  if (format !== 'json' && format !== 'text') return `response_format "${format}" is not served here`;
  return null;
}

function isUploadedFile(value: unknown): value is UploadedFile {
  return (value as UploadedFile | undefined)?.bytes instanceof Uint8Array;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
