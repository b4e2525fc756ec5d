import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { callApi, type CallOptions } from '../../src/adapters/api-call.js';
import { ApiError, apiError, type ApiTarget } from '../../src/adapters/api-error.js';

const target: ApiTarget = {
  api: 'chat',
  service: 'chat model API',
  baseUrl: 'http://proxyuser:s3cret-pass@127.0.0.1:9/v1',
  apiKey: 'sk-unit-test-key-000',
  keyVariables: 'OPENAI_API_KEY',
  baseUrlVariables: 'OPENAI_BASE_URL',
  model: 'test-chat',
  modelVariable: 'CHAT_MODEL',
};

const httpError = (status: number, headers: Record<string, string> = {}) =>
  OpenAI.APIError.generate(status, { error: { message: `status ${status}` } }, undefined, new Headers(headers));

/** An attempt that fails with each of `failures` in turn, then answers 'ok'; it records when it ran. */
function scripted(...failures: unknown[]) {
  const started: number[] = [];
  const attempt = async (signal: AbortSignal) => {
    started.push(Date.now());
    const failure = failures.shift();
    if (failure === 'hang')
      return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    if (failure !== undefined) throw failure;
    return 'ok';
  };
  return { attempt, started };
}

const call = (options: CallOptions, attempt: (signal: AbortSignal) => Promise<string>) =>
  callApi(target, options, attempt).catch((error: unknown) => error as ApiError);

/** The ApiError a call ends with; a call that answers fails the test. */
const failureOf = (options: CallOptions, attempt: (signal: AbortSignal) => Promise<string>) =>
  callApi(target, options, attempt).then(
    (answer) => {
      throw new Error(`expected a failure, got ${answer}`);
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ApiError);
      return error as ApiError;
    },
  );

describe('callApi: one timeout, cancel and retry for every API adapter', () => {
  it('retries a 5xx after its backoff, and a lost connection, as many times as allowed', async () => {
    const { attempt, started } = scripted(
      httpError(503),
      new OpenAI.APIConnectionError({ cause: new Error('ECONNRESET') }),
    );
    expect(await call({ retries: 2, backoffMs: 20 }, attempt)).toBe('ok');
    expect(started).toHaveLength(3);
    // Doubled: 20 ms, then 40 ms.
    expect(started[2] - started[1]).toBeGreaterThanOrEqual(35);
  });

  it('gives up after the retries allowed, with the last failure explained', async () => {
    const { attempt, started } = scripted(httpError(500), httpError(502));
    const failure = await failureOf({ retries: 1, backoffMs: 1 }, attempt);
    expect(failure).toMatchObject({ name: 'ApiError', api: 'chat', kind: 'http' });
    expect(failure.message).toMatch(/^The chat model API at http:\/\/127\.0\.0\.1:9\/v1 failed with HTTP 502/);
    expect(started).toHaveLength(2);
  });

  it('waits for a 429 whose retry-after fits in half the budget left, and not for one that does not', async () => {
    const fits = scripted(httpError(429, { 'retry-after': '0.05' }));
    expect(await call({ timeoutMs: 2_000, retries: 1 }, fits.attempt)).toBe('ok');
    expect(fits.started[1] - fits.started[0]).toBeGreaterThanOrEqual(45);

    const long = scripted(httpError(429, { 'retry-after': '2' }));
    const began = Date.now();
    expect(await call({ timeoutMs: 2_000, retries: 1 }, long.attempt)).toMatchObject({ kind: 'rate-limit' });
    expect(Date.now() - began).toBeLessThan(500);
    expect(long.started).toHaveLength(1);
  });

  it('without a budget, waits for a retry-after of up to a minute but not longer', async () => {
    const { attempt, started } = scripted(httpError(429, { 'retry-after': '61' }));
    expect(await call({ retries: 3 }, attempt)).toMatchObject({ kind: 'rate-limit' });
    expect(started).toHaveLength(1);
  });

  it('does not retry what asking again cannot mend: a 4xx, or an unusable answer', async () => {
    const refused = scripted(httpError(401));
    expect(await call({ retries: 3, backoffMs: 1 }, refused.attempt)).toMatchObject({ kind: 'auth' });
    expect(refused.started).toHaveLength(1);
    const unusable = scripted(apiError(target, 'garbage', 'no choices'));
    expect(await call({ retries: 3, backoffMs: 1 }, unusable.attempt)).toMatchObject({ kind: 'garbage' });
    expect(unusable.started).toHaveLength(1);
  });

  it('ends a hanging call at its budget as a timeout, without a retry it has no time for', async () => {
    const { attempt, started } = scripted('hang', 'hang');
    const began = Date.now();
    const failure = await failureOf({ timeoutMs: 200, retries: 1 }, attempt);
    expect(failure).toMatchObject({
      kind: 'timeout',
      message: 'The chat model API (test-chat) timed out after 200 ms.',
    });
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(started).toHaveLength(1);
  });

  it('retries an attempt that ran out of its own time, then says it timed out', async () => {
    const { attempt, started } = scripted('hang', 'hang');
    const failure = await failureOf({ attemptTimeoutMs: 100, retries: 1, backoffMs: 1 }, attempt);
    expect(failure).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/timed out after 100 ms/) });
    expect(started).toHaveLength(2);
  });

  it("tells the caller's stop (cancelled) from its time budget running out (timeout)", async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    expect(await call({ signal: stop.signal, timeoutMs: 5_000 }, scripted('hang').attempt)).toMatchObject({
      kind: 'cancelled',
    });
    expect(await call({ signal: AbortSignal.timeout(50) }, scripted('hang').attempt)).toMatchObject({
      kind: 'timeout',
      message: "The chat model API did not answer within the question's time budget.",
    });
  });

  it('stops waiting to retry when the caller stops', async () => {
    const stop = new AbortController();
    const { attempt, started } = scripted(httpError(503));
    setTimeout(() => stop.abort(), 50);
    const began = Date.now();
    expect(await call({ signal: stop.signal, retries: 1, backoffMs: 5_000 }, attempt)).toMatchObject({
      kind: 'cancelled',
    });
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(started).toHaveLength(1);
  });

  it('says what could not be reached with neither the key nor the credentials of any URL quoted', async () => {
    const refusal = new TypeError(
      `Request cannot be constructed from a URL that includes credentials: http://proxyuser:s3cret-pass@127.0.0.1:9/v1/chat/completions (key ${target.apiKey})`,
    );
    const { attempt } = scripted(new OpenAI.APIConnectionError({ cause: refusal }));
    const failure = await failureOf({}, attempt);
    expect(failure).toMatchObject({ kind: 'unreachable' });
    expect(failure.message).toMatch(
      /^Could not reach the chat model API at http:\/\/127\.0\.0\.1:9\/v1: .*OPENAI_BASE_URL/,
    );
    expect(failure.message).toContain('http://***@127.0.0.1:9/v1/chat/completions');
    expect(failure.stack).not.toMatch(/s3cret-pass|proxyuser|sk-unit-test-key/);
    expect(failure.message).not.toMatch(/s3cret-pass|proxyuser|sk-unit-test-key/);
  });
});
