import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig } from '../src/app/config.js';

describe('configuration', () => {
  it('keeps the index in DATA_DIR/index unless INDEX_URI says otherwise', () => {
    expect(loadConfig({ DATA_DIR: '/srv/bot' }, '/repo').indexUri).toBe(path.join('/srv/bot', 'index'));
    expect(loadConfig({ INDEX_URI: 'shared/index' }, '/repo').indexUri).toBe(path.join('/repo', 'shared/index'));
    expect(loadConfig({ INDEX_URI: 's3://papers/qingdao/' }, '/repo').indexUri).toBe('s3://papers/qingdao');
  });

  it('passes the standard AWS variables to LanceDB under its own names, only those set', () => {
    const config = loadConfig(
      {
        AWS_ACCESS_KEY_ID: 'AK',
        AWS_SECRET_ACCESS_KEY: 'SK',
        AWS_REGION: 'cn-north-1',
        AWS_ENDPOINT_URL: 'http://minio:9000/',
        AWS_ALLOW_HTTP: 'TRUE',
      },
      '/repo',
    );
    expect(config.storageOptions).toEqual({
      aws_access_key_id: 'AK',
      aws_secret_access_key: 'SK',
      aws_region: 'cn-north-1',
      aws_endpoint: 'http://minio:9000',
      allow_http: 'true',
    });
    expect(loadConfig({}, '/repo').storageOptions).toEqual({});
  });

  it('keeps state in files unless REDIS_URL names a Redis, and never quotes a wrong one', () => {
    expect(loadConfig({}, '/repo').redisUrl).toBeNull();
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache:6380/1' }, '/repo').redisUrl).toBe('rediss://:pw@cache:6380/1');
    expect(() => loadConfig({ REDIS_URL: 'http://:secret-pw@cache' }, '/repo')).toThrow(
      /^REDIS_URL: expected a URL such as redis:/,
    );
    expect(() => loadConfig({ REDIS_URL: 'http://:secret-pw@cache' }, '/repo')).not.toThrow(/secret-pw/);
  });

  it('names the variable when a storage setting is wrong', () => {
    expect(() => loadConfig({ INDEX_URI: 'ftp://host/index' }, '/repo')).toThrow(
      /^INDEX_URI: expected a folder or s3:\/\/bucket\/prefix/,
    );
    expect(() => loadConfig({ AWS_ALLOW_HTTP: 'yes' }, '/repo')).toThrow(/^AWS_ALLOW_HTTP: expected true or false/);
    expect(() => loadConfig({ AWS_ENDPOINT_URL: 'minio:9000' }, '/repo')).toThrow(/^AWS_ENDPOINT_URL: expected/);
  });

  it('leaves voice messages off without TRANSCRIBE_MODEL, and limits them to two minutes', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-chat' }, '/repo');
    expect(config).toMatchObject({ transcribeModel: null, maxVoiceSeconds: 120 });
  });

  it('takes the speech-to-text URL and key from OPENAI_* unless its own are given', () => {
    const shared = {
      TRANSCRIBE_MODEL: 'whisper-1',
      OPENAI_API_KEY: 'sk-chat',
      OPENAI_BASE_URL: 'https://llm.example/v1/',
    };
    expect(loadConfig(shared, '/repo')).toMatchObject({
      transcribeModel: 'whisper-1',
      transcribeBaseUrl: 'https://llm.example/v1',
      transcribeApiKey: 'sk-chat',
    });
    const own = { ...shared, TRANSCRIBE_BASE_URL: 'https://api.groq.com/openai/v1', TRANSCRIBE_API_KEY: 'gsk-voice' };
    expect(loadConfig(own, '/repo')).toMatchObject({
      transcribeBaseUrl: 'https://api.groq.com/openai/v1',
      transcribeApiKey: 'gsk-voice',
    });
    expect(loadConfig({ TRANSCRIBE_MODEL: 'whisper-1', TRANSCRIBE_API_KEY: 'k' }, '/repo')).toMatchObject({
      transcribeBaseUrl: null,
      openaiApiKey: null,
    });
  });

  it('names the variable when a speech-to-text setting is wrong', () => {
    expect(() => loadConfig({ TRANSCRIBE_MODEL: 'whisper-1' }, '/repo')).toThrow(
      /^TRANSCRIBE_API_KEY: required when TRANSCRIBE_MODEL is set \("whisper-1"\); OPENAI_API_KEY is used/,
    );
    expect(() => loadConfig({ TRANSCRIBE_BASE_URL: 'groq.com' }, '/repo')).toThrow(
      /^TRANSCRIBE_BASE_URL: expected a URL/,
    );
    expect(() => loadConfig({ MAX_VOICE_SECONDS: '0' }, '/repo')).toThrow(
      /^MAX_VOICE_SECONDS: expected a number from 1 to 3600, got 0/,
    );
    expect(() => loadConfig({ MAX_VOICE_SECONDS: '2m' }, '/repo')).toThrow(
      /^MAX_VOICE_SECONDS: expected a whole number/,
    );
  });
});

describe('configuration problems', () => {
  it('names every wrong variable at once, a line each', () => {
    expect(() => loadConfig({ TOP_K: 'x', CONTEXT_K: '99', WEBHOOK_URL: 'https://bot.example/hook' }, '/repo')).toThrow(
      /^TOP_K: expected a whole number, got "x"\nCONTEXT_K: expected a number from 1 to 30, got 99\nWEBHOOK_SECRET: required when WEBHOOK_URL is set/,
    );
  });

  it('listens on every interface unless HEALTH_HOST names one', () => {
    expect(loadConfig({}, '/repo').healthHost).toBeNull();
    expect(loadConfig({ HEALTH_HOST: '127.0.0.1' }, '/repo').healthHost).toBe('127.0.0.1');
    expect(loadConfig({ HEALTH_HOST: '::1' }, '/repo').healthHost).toBe('::1');
    expect(() => loadConfig({ HEALTH_HOST: 'http://0.0.0.0' }, '/repo')).toThrow(/^HEALTH_HOST: expected an interface/);
  });
});
