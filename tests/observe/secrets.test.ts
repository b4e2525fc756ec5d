import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { masker, secretsOf } from '../../src/observe/secrets.js';
import { createLog } from '../../src/observe/log.js';
import { maskUrlCredentials, urlSecrets } from '../../src/observe/safe-url.js';

const VARIABLES = [
  'OPENAI_BASE_URL',
  'EMBEDDING_BASE_URL',
  'RERANK_BASE_URL',
  'TRANSCRIBE_BASE_URL',
  'TELEGRAM_API_ROOT',
  'WEBHOOK_URL',
  'AWS_ENDPOINT_URL',
];

describe('credentials inside configured URLs', () => {
  it.each(VARIABLES)('are among the secrets masked in %s', (variable) => {
    const config = loadConfig(
      {
        // What the URL variables need beside them to be read at all.
        WEBHOOK_SECRET: 'webhook-secret-123',
        RERANK_MODEL: 'rerank-test',
        RERANK_BASE_URL: 'https://rerank.example/v1',
        [variable]: `https://proxyuser:${variable}-pass%40word@proxy.example/v1`,
      },
      '/repo',
    );
    const mask = masker(secretsOf(config));
    // As written in a URL, and decoded, as an error may quote it.
    expect(mask(`auth failed for ${variable}-pass%40word`)).toBe('auth failed for ***');
    expect(mask(`auth failed for ${variable}-pass@word`)).toBe('auth failed for ***');
  });

  it('are among the secrets masked in REDIS_URL', () => {
    const mask = masker(
      secretsOf(loadConfig({ REDIS_URL: 'redis://default:redis-pass%40word@cache:6379/0' }, '/repo')),
    );
    expect(mask('NOAUTH for redis-pass@word')).toBe('NOAUTH for ***');
    expect(mask('connect to redis://default:redis-pass%40word@cache:6379')).not.toContain('redis-pass');
  });

  it('are the password, or the user name when it stands alone (a token as user)', () => {
    expect(urlSecrets('http://proxyuser:p%40ss-word@host/v1')).toEqual(['p%40ss-word', 'p@ss-word']);
    expect(urlSecrets('https://ghp_tokenAsUser@host/')).toEqual(['ghp_tokenAsUser']);
    expect(urlSecrets('https://host/v1')).toEqual([]);
    expect(urlSecrets('not a url')).toEqual([]);
    expect(urlSecrets(null)).toEqual([]);
  });

  it('are masked inside any URL a text quotes, however short, and the rest of the text is left alone', () => {
    expect(maskUrlCredentials('GET http://u:pw@10.0.0.1:8080/v1/x failed; see https://host/a@b?c=d@e')).toBe(
      'GET http://***@10.0.0.1:8080/v1/x failed; see https://host/a@b?c=d@e',
    );
    expect(masker([])('fetch https://tok@host/v1 and s3://key:secret@bucket/x')).toBe(
      'fetch https://***@host/v1 and s3://***@bucket/x',
    );
  });

  it('never reach a line of the log the bot writes', () => {
    const lines: string[] = [];
    const config = loadConfig({ OPENAI_BASE_URL: 'http://proxyuser:Pr0xyPass-1@proxy:3128/v1' }, '/repo');
    const log = createLog({
      level: 'info',
      format: 'json',
      mask: masker(secretsOf(config)),
      destination: { write: (line: string) => void lines.push(line) },
    });
    log.warn({ err: new Error('proxy said: bad password Pr0xyPass-1') }, `calling ${config.openaiBaseUrl}`);
    expect(lines.join('\n')).toContain('calling http://***@proxy:3128/v1');
    expect(lines.join('\n')).not.toContain('Pr0xyPass-1');
  });
});
