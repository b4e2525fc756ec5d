import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOpenAIServer } from '../support/openai-server.js';
import { tempWorkspace, testConfig } from '../support/workspace.js';
import { createCore } from '../../src/app/core.js';
import { silentLog } from '../../src/observe/log.js';
import { logInto } from '../support/log.js';
import { VoiceRefusal } from '../../src/adapters/transcriber.js';
import { UserError } from '../../src/domain/types.js';
import type { Core } from '../../src/domain/ports.js';

const KEY = 'sk-voice-0123456789';
const QUESTION = '青岛去年帮中西部卖了多少农产品？';
/** Every byte value: a body read as text anywhere on the way would not arrive intact. */
const AUDIO = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256);
const TIMEOUT_MS = 1500;

/** Voice messages need no index: the cores here are not given one. */
const voiceCore = (overrides: Record<string, string>, log = silentLog) =>
  tempWorkspace().then(async (workspace) => ({
    workspace,
    core: await createCore(testConfig({ DATA_DIR: workspace.dataDir, SEEDS_DIR: workspace.seedsDir, ...overrides }), {
      log,
      buildIfMissing: false,
    }),
  }));

/** The core's error for a call, or a failure of the test when there is none. */
const failure = (call: Promise<unknown>) =>
  call.then(
    () => expect.fail('expected the transcription to fail'),
    (error: unknown) => error,
  );

describe('voice messages transcribed by the openai client through the core, against a loopback server', () => {
  const server = new FakeOpenAIServer({ apiKey: KEY });
  const logs: string[] = [];
  let api: Awaited<ReturnType<FakeOpenAIServer['start']>>;
  let setup: Awaited<ReturnType<typeof voiceCore>>;
  let core: Core;

  beforeAll(async () => {
    api = await server.start();
    setup = await voiceCore(
      {
        TRANSCRIBE_MODEL: 'whisper-test',
        TRANSCRIBE_BASE_URL: api.url,
        TRANSCRIBE_API_KEY: KEY,
        LLM_TIMEOUT_MS: String(TIMEOUT_MS),
        MAX_VOICE_SECONDS: '60',
      },
      logInto(logs),
    );
    core = setup.core;
  });
  beforeEach(() => {
    server.reset();
    server.transcribe = ({ audio }) =>
      Buffer.from(audio.bytes).equals(Buffer.from(AUDIO)) ? ` ${QUESTION}\n` : 'other bytes';
  });
  afterAll(async () => {
    await core?.close();
    await api?.close();
    await setup?.workspace.remove();
  });

  /** qa_api_errors_total for speech-to-text failures of this kind. */
  const errorsCounted = async (kind: string) => {
    const text = await core.metrics.registry.metrics();
    const line = new RegExp(`^qa_api_errors_total\\{api="transcription",kind="${kind}"\\} (\\d+)$`, 'm').exec(text);
    return Number(line?.[1] ?? 0);
  };

  it('turns the bytes of a recording into its words', async () => {
    expect(core.canTranscribe).toBe(true);
    expect(await core.transcribe(AUDIO, 'voice.ogg')).toBe(QUESTION);
  });

  it('uploads the file with its name, the model, the language and the key', async () => {
    await core.transcribe(AUDIO, 'voice.mp3', { language: 'zh' });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/audio/transcriptions', authorization: `Bearer ${KEY}` });
    expect(request.body).toMatchObject({ model: 'whisper-test', language: 'zh', file: { name: 'voice.mp3' } });
    expect(request.body.file.bytes).toHaveLength(AUDIO.length);
  });

  it('names Ogg audio .ogg, the extension the APIs know, and sends no language unless given', async () => {
    await core.transcribe(AUDIO, 'file_12.oga');
    expect(server.requests[0].body.file.name).toBe('file_12.ogg');
    expect(server.requests[0].body).not.toHaveProperty('language');
  });

  it.each([
    ['an HTTP 500', () => server.failNext(1, 500), 'http'],
    ['a reply without text', () => server.garbageNext('{"segments":[]}'), 'garbage'],
    ['no words heard', () => (server.transcribe = () => '  \n'), 'empty'],
  ])('gives a UserError in both languages on %s, counted by kind', async (_, fault, kind) => {
    const before = await errorsCounted(kind);
    fault();
    const error = await failure(core.transcribe(AUDIO, 'voice.ogg'));
    expect(error).toBeInstanceOf(UserError);
    expect(error).toBeInstanceOf(VoiceRefusal);
    expect(error).toMatchObject({ kind });
    const userError = error as VoiceRefusal;
    expect(userError.in('en')).toMatch(/type your question/);
    expect(userError.in('zh')).toMatch(/输入文字提问/);
    expect(await errorsCounted(kind)).toBe(before + 1);
  });

  it('tells the operator what failed in the log, without the key', async () => {
    server.failNext(1, 503);
    await failure(core.transcribe(AUDIO, 'voice.ogg'));
    const line = logs.filter((entry) => entry.includes('transcribing a voice message failed')).at(-1);
    expect(line).toMatch(/speech-to-text API at .* failed with HTTP 503/);
    expect(line).not.toContain(KEY);
  });

  it('gives up after LLM_TIMEOUT_MS on a server that never answers', async () => {
    const before = await errorsCounted('timeout');
    server.hangNext();
    const started = Date.now();
    const error = (await failure(core.transcribe(AUDIO, 'voice.ogg'))) as VoiceRefusal;
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 3000);
    expect(error).toMatchObject({ name: 'VoiceRefusal', kind: 'timeout' });
    expect(error.in('en')).toMatch(/took too long/);
    expect(error.in('zh')).toMatch(/超时/);
    expect(await errorsCounted('timeout')).toBe(before + 1);
  });

  it('stops when the caller cancels, which is no fault of the API', async () => {
    server.hangNext();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(core.transcribe(AUDIO, 'voice.ogg', { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(await errorsCounted('cancelled')).toBe(0);
  });

  it('refuses a recording longer than MAX_VOICE_SECONDS, or an empty one, without calling the API', async () => {
    const tooLong = (await failure(core.transcribe(AUDIO, 'voice.ogg', { durationSeconds: 61 }))) as UserError;
    expect(tooLong).toBeInstanceOf(UserError);
    expect(tooLong.in('en')).toBe('the voice message is too long: 61 seconds, at most 60');
    expect(tooLong.in('zh')).toBe('语音太长：61 秒，最长 60 秒');
    expect(await core.transcribe(AUDIO, 'voice.ogg', { durationSeconds: 60 })).toBe(QUESTION);
    await expect(core.transcribe(new Uint8Array(0), 'voice.ogg')).rejects.toThrow('the voice message is empty');
    expect(server.requests).toHaveLength(1);
  });
});

describe('the loopback transcription route', () => {
  it('answers response_format=text as plain text, as OpenAI does', async () => {
    const server = new FakeOpenAIServer({ transcribe: ({ model }) => `heard by ${model}` });
    const api = await server.start();
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: api.url, maxRetries: 0 });
      const file = await toFile(AUDIO, 'voice.wav');
      const text = await client.audio.transcriptions.create({ file, model: 'm', response_format: 'text' });
      expect(text).toBe('heard by m');
      expect(server.requests[0].body).toMatchObject({ response_format: 'text', file: { name: 'voice.wav' } });
    } finally {
      await api.close();
    }
  });
});

describe('speech-to-text with a key the API refuses', () => {
  it('names the variable to check, in the log only, and counts it', async () => {
    const server = new FakeOpenAIServer({ apiKey: KEY });
    const api = await server.start();
    const logs: string[] = [];
    const { core, workspace } = await voiceCore(
      {
        TRANSCRIBE_MODEL: 'whisper-test',
        TRANSCRIBE_BASE_URL: api.url,
        OPENAI_API_KEY: 'sk-wrong-42',
        // The key would otherwise select the embedding API, which the core probes at start.
        EMBEDDING_MODEL: 'offline',
      },
      logInto(logs),
    );
    try {
      const error = (await failure(core.transcribe(AUDIO, 'voice.ogg'))) as VoiceRefusal;
      expect(error).toMatchObject({ kind: 'auth' });
      expect(error.message).not.toMatch(/TRANSCRIBE_API_KEY|sk-wrong/);
      expect(error.detail).toMatch(/TRANSCRIBE_API_KEY \(or OPENAI_API_KEY/);
      expect(server.requests[0].authorization).toBe('Bearer sk-wrong-42');
      expect(logs.join('\n')).toMatch(/TRANSCRIBE_API_KEY/);
      expect(logs.join('\n')).not.toContain('sk-wrong-42');
      expect(await core.metrics.registry.metrics()).toMatch(
        /^qa_api_errors_total\{api="transcription",kind="auth"\} 1$/m,
      );
    } finally {
      await core.close();
      await api.close();
      await workspace.remove();
    }
  });
});

describe('without TRANSCRIBE_MODEL', () => {
  it('says it cannot transcribe, and asks for a typed question in both languages', async () => {
    const { core, workspace } = await voiceCore({});
    try {
      expect(core.canTranscribe).toBe(false);
      const error = (await failure(core.transcribe(AUDIO, 'voice.ogg'))) as UserError;
      expect(error).toBeInstanceOf(UserError);
      expect(error.in('en')).toBe('voice messages are not transcribed here; please type your question');
      expect(error.in('zh')).toBe('这里不识别语音消息，请输入文字提问');
    } finally {
      await core.close();
      await workspace.remove();
    }
  });
});
