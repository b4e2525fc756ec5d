import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfig } from '../src/config.js';

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

  it('names the variable when a storage setting is wrong', () => {
    expect(() => loadConfig({ INDEX_URI: 'ftp://host/index' }, '/repo')).toThrow(
      /^INDEX_URI: expected a folder or s3:\/\/bucket\/prefix/,
    );
    expect(() => loadConfig({ AWS_ALLOW_HTTP: 'yes' }, '/repo')).toThrow(/^AWS_ALLOW_HTTP: expected true or false/);
    expect(() => loadConfig({ AWS_ENDPOINT_URL: 'minio:9000' }, '/repo')).toThrow(/^AWS_ENDPOINT_URL: expected/);
  });
});
