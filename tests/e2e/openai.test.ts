import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Passage } from '../../src/domain/types.js';
import { createOpenAIEmbedder } from '../../src/adapters/embeddings.js';
import { createChatModel, type ChatMessage } from '../../src/adapters/chat.js';
import { ApiError } from '../../src/adapters/api-error.js';
import { buildAnswerMessages } from '../../src/qa/synthesizers/prompt.js';
import { FakeOpenAIServer, fakeEmbedding, toBase64 } from '../support/openai-server.js';

const KEY = 'sk-test-0123456789abcdef';
const REFUSAL = 'The reports do not say.';

/** Cites the first passage of the prompt by quoting its first sentence, as a grounded model would. */
function citingReply(messages: ChatMessage[]): string {
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const text = /<passage n="1">[\s\S]*?\ntext:\n([^。]*。)/.exec(user)?.[1];
  return text ? `${text}[1]` : REFUSAL;
}

const server = new FakeOpenAIServer({ dim: 12, apiKey: KEY, reply: citingReply });
let api: Awaited<ReturnType<FakeOpenAIServer['start']>>;

beforeAll(async () => {
  api = await server.start();
});
afterAll(() => api.close());
beforeEach(() => {
  server.reset();
  server.reply = citingReply;
});

const embedder = (overrides: Partial<Parameters<typeof createOpenAIEmbedder>[0]> = {}) =>
  createOpenAIEmbedder({ apiKey: KEY, baseUrl: api.url, model: 'test-embed', batchSize: 64, ...overrides });

const chat = (apiKey = KEY) => createChatModel({ apiKey, baseUrl: api.url, model: 'test-chat' });

/** A port nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/v1`;
}

describe('OpenAI embedder against a loopback server', () => {
  it('learns the dimension from a probe, over the base64 wire format', async () => {
    const e = await embedder();
    expect(e.dim).toBe(12);
    expect(e.id).toBe('openai:test-embed');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ path: '/v1/embeddings', authorization: `Bearer ${KEY}` });
    expect(server.requests[0].body).toMatchObject({ model: 'test-embed', encoding_format: 'base64' });
  });

  it('skips the probe when the dimension is known', async () => {
    const e = await embedder({ dim: 12 });
    expect(server.requests).toHaveLength(0);
    expect(await e.embed([], 'query')).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('embeds 130 texts in batches of 64, in input order, equal to the server vectors', async () => {
    const e = await embedder({ dim: 12 });
    const texts = Array.from({ length: 130 }, (_, i) => `第${i}段：青岛日报`);
    const vectors = await e.embed(texts, 'document');
    expect(server.requests.map((r) => r.body.input.length)).toEqual([64, 64, 2]);
    expect(vectors).toHaveLength(130);
    vectors.forEach((vector, i) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toEqual(fakeEmbedding(texts[i], 12));
    });
  });

  it('retries a 500 and a 429 with retry-after, then succeeds', async () => {
    const e = await embedder({ dim: 12 });
    server.failNext(1).rateLimitNext(1, 0.01);
    expect(await e.embed(['一'], 'document')).toEqual([fakeEmbedding('一', 12)]);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a question: the word search answers sooner', async () => {
    const e = await embedder({ dim: 12 });
    server.failNext(1);
    await expect(e.embed(['一'], 'query')).rejects.toThrow('HTTP 500');
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a persistent 500 with a clear error', async () => {
    const e = await embedder({ dim: 12, maxRetries: 1 });
    server.failNext(5);
    await expect(e.embed(['一'], 'document')).rejects.toThrow(`The embedding API at ${api.url} failed with HTTP 500`);
    expect(server.requests).toHaveLength(2);
  });

  it('says which variable to check on a wrong key, without the key', async () => {
    const wrong = 'sk-wrong-secret-key-42';
    const failure = await embedder({ apiKey: wrong }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/401[\s\S]*EMBEDDING_API_KEY[\s\S]*OPENAI_API_KEY/);
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toContain(wrong);
    expect(String(failure)).not.toContain('wrong-secret');
  });

  it('names the base URL when it cannot connect', async () => {
    const url = await closedPortUrl();
    await expect(
      createOpenAIEmbedder({ apiKey: KEY, baseUrl: url, model: 'm', batchSize: 8, maxRetries: 0 }),
    ).rejects.toThrow(
      new RegExp(`Could not reach the embedding API at ${url.replace(/[.]/g, '\\.')}.*EMBEDDING_BASE_URL`),
    );
  });

  it('times out on a server that never answers', async () => {
    const e = await embedder({ dim: 12, maxRetries: 0, timeoutMs: 200 });
    server.hangNext();
    await expect(e.embed(['一'], 'query')).rejects.toThrow(/timed out/);
  });

  it.each([
    ['a body that is not JSON', 'not json at all', /not valid JSON/],
    ['no data list', '{"object":"list"}', /unusable response: no "data" list/],
    ['the wrong count', JSON.stringify({ data: [] }), /0 embeddings for 1 texts/],
    [
      'NaN',
      JSON.stringify({ data: [{ index: 0, embedding: toBase64(Float32Array.of(...Array(11).fill(0), NaN)) }] }),
      /NaN/,
    ],
    [
      'the wrong dimension',
      JSON.stringify({ data: [{ index: 0, embedding: toBase64(new Float32Array(3)) }] }),
      /3 dimensions, expected 12/,
    ],
    [
      'an embedding that is not base64',
      JSON.stringify({ data: [{ index: 0, embedding: '%%%' }] }),
      /not a list of numbers or base64/,
    ],
  ])('rejects a response with %s', async (_, body, message) => {
    const e = await embedder({ dim: 12 });
    server.garbageNext(body);
    await expect(e.embed(['一'], 'query')).rejects.toThrow(message);
  });

  it('accepts float arrays from servers that ignore encoding_format', async () => {
    const e = await embedder({ dim: 12 });
    server.garbageNext(JSON.stringify({ data: [{ index: 0, embedding: Array.from(fakeEmbedding('一', 12)) }] }));
    expect(await e.embed(['一'], 'query')).toEqual([fakeEmbedding('一', 12)]);
  });
});

describe('loopback server', () => {
  it('returns float arrays when asked for encoding_format "float"', async () => {
    const response = await fetch(`${api.url}/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: ['a', 'b'], encoding_format: 'float' }),
    });
    const { data } = (await response.json()) as { data: Array<{ index: number; embedding: number[] }> };
    expect(data.map((d) => d.index)).toEqual([1, 0]);
    expect(Float32Array.from(data[1].embedding)).toEqual(fakeEmbedding('a', 12));
  });
});

describe('chat model against a loopback server', () => {
  const passages: Passage[] = [
    {
      id: 'p:0:0',
      file: '000_2f615ec6976ddc12.txt',
      articleIndex: 0,
      chunkIndex: 0,
      headline: '青岛加快建设消费帮扶重点城市',
      date: '2月27日',
      text: '去年帮助中西部地区销售农产品50.1亿元。新建冷链2000余公里。',
      start: 0,
      end: 30,
      score: 1,
    },
  ];
  const messages = buildAnswerMessages('青岛去年帮中西部卖了多少农产品？', passages, [], REFUSAL, new Date());

  it('answers without streaming', async () => {
    const text = await chat().complete(messages, { timeoutMs: 5_000 });
    expect(text).toBe('去年帮助中西部地区销售农产品50.1亿元。[1]');
    const [request] = server.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toMatchObject({ model: 'test-chat', messages });
    expect(request.body.stream).toBeFalsy();
    expect(request.body.temperature).toBeGreaterThanOrEqual(0);
    expect(request.body.temperature).toBeLessThanOrEqual(0.2);
  });

  it('streams, reporting the text so far', async () => {
    const drafts: string[] = [];
    const text = await chat().complete(messages, { timeoutMs: 5_000, onDelta: (soFar) => drafts.push(soFar) });
    expect(server.requests[0].body.stream).toBe(true);
    expect(drafts.length).toBeGreaterThan(2);
    for (const [i, draft] of drafts.slice(1).entries()) expect(draft.startsWith(drafts[i])).toBe(true);
    expect(drafts.at(-1)).toBe(text);
    expect(text).toBe('去年帮助中西部地区销售农产品50.1亿元。[1]');
  });

  it('retries one 500', async () => {
    server.failNext(1);
    expect(await chat().complete(messages, { timeoutMs: 5_000 })).toContain('[1]');
    expect(server.requests).toHaveLength(2);
  });

  it('times out on a server that never answers', async () => {
    server.hangNext(5);
    const failure = await chat()
      .complete(messages, { timeoutMs: 300 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/timed out/) });
  });

  it('times out on a stream that stalls after its first piece', async () => {
    server.inject({ kind: 'stall-stream' });
    const drafts: string[] = [];
    const failure = await chat()
      .complete(messages, { timeoutMs: 300, onDelta: (soFar) => drafts.push(soFar) })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'ApiError', kind: 'timeout' });
    expect(drafts).toHaveLength(1);
  });

  it('stops when the caller cancels', async () => {
    server.hangNext();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(chat().complete(messages, { timeoutMs: 10_000, signal: controller.signal })).rejects.toMatchObject({
      kind: 'cancelled',
    });
  });

  it.each([false, true])('rejects an empty completion (streaming: %s)', async (stream) => {
    server.reply = () => '';
    const onDelta = stream ? () => {} : undefined;
    await expect(chat().complete(messages, { timeoutMs: 5_000, onDelta })).rejects.toMatchObject({
      name: 'ApiError',
      kind: 'empty',
      message: expect.stringMatching(/empty answer/),
    });
  });

  it('rejects a garbage completion', async () => {
    server.garbageNext('{"object":"chat.completion","choices":[]}');
    await expect(chat().complete(messages, { timeoutMs: 5_000 })).rejects.toMatchObject({
      name: 'ApiError',
      kind: 'garbage',
    });
    server.garbageNext('<html>502 Bad Gateway</html>', 'text/html');
    await expect(chat().complete(messages, { timeoutMs: 5_000 })).rejects.toMatchObject({ kind: 'garbage' });
  });

  it('says which variable to check on a wrong key, without the key', async () => {
    const wrong = 'sk-wrong-chat-key-77';
    const failure = (await chat(wrong)
      .complete(messages, { timeoutMs: 5_000 })
      .catch((error: unknown) => error)) as ApiError;
    expect(failure).toMatchObject({ kind: 'auth' });
    expect(failure.message).toMatch(/OPENAI_API_KEY/);
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toContain(wrong);
  });
});
