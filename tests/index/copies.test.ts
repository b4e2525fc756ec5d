import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { copyKey, folderCopyStore, PageCopies } from '../../src/index/copies.js';

describe('page copies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qd-copies-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const text = '本报青岛讯 今年青岛新建口袋公园321个，市民出门见绿。\n\n'.repeat(200);

  it('keeps each page compressed, and reads it back as it was', async () => {
    const copies = new PageCopies(folderCopyStore(dir));
    await copies.keep([{ file: 'parks.txt', text, source: 'upload' }]);
    const kept = path.join(dir, copyKey('parks.txt'));
    expect((await stat(kept)).size).toBeLessThan(Buffer.byteLength(text) / 2);
    expect((await readFile(kept))[0]).toBe(0x1f);
    expect((await copies.all()).pages).toEqual([{ file: 'parks.txt', text, source: 'upload' }]);
  });

  it('reads a copy written before copies were compressed', async () => {
    const copies = new PageCopies(folderCopyStore(dir));
    await writeFile(path.join(dir, copyKey('old.txt')), JSON.stringify({ file: 'old.txt', source: 'seeds', text }));
    const { pages, unreadable } = await copies.all();
    expect(unreadable).toEqual([]);
    expect(pages.find((page) => page.file === 'old.txt')).toEqual({ file: 'old.txt', text, source: 'seeds' });
  });
});
