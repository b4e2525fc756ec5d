import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { failureText } from '../../src/domain/failure.js';
import { explainStorageError } from '../../src/index/connect.js';
import { LOCALES } from '../../src/domain/messages.js';

/** The text of a real failure, thrown by the code that fails. */
async function thrown(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('it did not fail');
}

describe('failures said in words', () => {
  it('names what failed without the server path, the endpoint or the library text', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'failure-'));
    try {
      const file = path.join(dir, 'pages', 'missing.txt');
      await writeFile(path.join(dir, 'index'), 'not a folder');
      const failures = [
        await thrown(() => readFile(file)),
        await thrown(async () => (await lancedb.connect(path.join(dir, 'index'))).openTable('chunks')),
        explainStorageError(new Error('error sending request: Connection refused'), 's3://bucket/index', {
          aws_endpoint: 'http://10.1.2.3:9000',
        }),
      ];
      for (const error of failures) {
        for (const locale of LOCALES) {
          const text = failureText(error, locale);
          expect(text).not.toContain(dir);
          expect(text).not.toContain('10.1.2.3');
          expect(text).not.toContain(error.message.slice(0, 20));
        }
      }
      expect(failures.map((error) => failureText(error, 'en'))).toEqual([
        'a file on the server cannot be read or written',
        'the index cannot be read',
        'the object store cannot be reached',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
