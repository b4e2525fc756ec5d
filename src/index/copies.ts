import { createHash } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import pLimit from 'p-limit';

/** A page as the index is rebuilt from it: its name, its text (header included) and where it came from. */
export interface PageCopy {
  file: string;
  text: string;
  source: 'seeds' | 'upload';
}

/** Where copies are kept: one object (or file) per key, written whole or not at all. */
export interface CopyStore {
  /** Where, for the log: a folder or an object-store prefix. */
  readonly where: string;
  keys(): Promise<string[]>;
  read(key: string): Promise<Uint8Array>;
  write(key: string, body: Uint8Array): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Reads and writes at once against an object store; a local disk does not mind. */
const CONCURRENCY = 8;

const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

/**
 * The durable copy of every page the index holds, outside the index: the index is derived data,
 * rebuilt from these when any of its files is damaged. A copy's key is a hash of the page's
 * name, so any name an index ever held (NUL bytes, 300-byte names) can be kept. A copy is JSON,
 * gzip-compressed (a page's text takes 2.3 times less room; copies written before are plain JSON,
 * and read as such), zlib's work done off the thread that answers.
 */
export class PageCopies {
  constructor(private readonly store: CopyStore) {}

  get where(): string {
    return this.store.where;
  }

  async keep(pages: PageCopy[]): Promise<void> {
    const limit = pLimit(CONCURRENCY);
    await Promise.all(
      pages.map((page) =>
        limit(() =>
          gzip(JSON.stringify({ file: page.file, source: page.source, text: page.text })).then((body) =>
            this.store.write(copyKey(page.file), body),
          ),
        ),
      ),
    );
  }

  async drop(files: string[]): Promise<void> {
    const limit = pLimit(CONCURRENCY);
    await Promise.all(files.map((file) => limit(() => this.store.remove(copyKey(file)))));
  }

  /** Tells which pages have a copy, from one listing. */
  async listing(): Promise<(file: string) => boolean> {
    const kept = new Set(await this.store.keys());
    return (file) => kept.has(copyKey(file));
  }

  /** Every copy that can be read; the others are listed with the reason. */
  async all(): Promise<{ pages: PageCopy[]; unreadable: Array<{ file: string; reason: string }> }> {
    const limit = pLimit(CONCURRENCY);
    const pages: PageCopy[] = [];
    const unreadable: Array<{ file: string; reason: string }> = [];
    await Promise.all(
      (await this.store.keys()).map((key) =>
        limit(async () => {
          try {
            const copy = parseCopy(await decompressed(await this.store.read(key)));
            if (copyKey(copy.file) !== key) throw new Error('its name does not match its key');
            pages.push(copy);
          } catch (error) {
            unreadable.push({ file: `${this.where}/${key}`, reason: `not a page copy (${(error as Error).message})` });
          }
        }),
      ),
    );
    pages.sort((a, b) => a.file.localeCompare(b.file));
    return { pages, unreadable };
  }
}

export function copyKey(file: string): string {
  return `${createHash('sha256').update(file).digest('hex').slice(0, 32)}.json`;
}

/** The copy's JSON: gunzipped, or as it is when written before copies were compressed. */
async function decompressed(body: Uint8Array): Promise<string> {
  const gzipped = body[0] === 0x1f && body[1] === 0x8b;
  return Buffer.from(gzipped ? await gunzip(body) : body).toString('utf8');
}

function parseCopy(body: string): PageCopy {
  const copy = JSON.parse(body) as Partial<PageCopy>;
  if (
    typeof copy.file !== 'string' ||
    typeof copy.text !== 'string' ||
    (copy.source !== 'seeds' && copy.source !== 'upload')
  )
    throw new Error('a field is missing');
  return { file: copy.file, text: copy.text, source: copy.source };
}

/** Copies in a folder; each written to a temporary file, flushed to disk, then renamed into place. */
export function folderCopyStore(dir: string): CopyStore {
  return {
    where: dir,
    async keys() {
      try {
        return (await readdir(dir)).filter((name) => name.endsWith('.json'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },
    read: (key) => readFile(path.join(dir, key)),
    async write(key, body) {
      await mkdir(dir, { recursive: true });
      const temporary = path.join(dir, `.${key}.${process.pid}.tmp`);
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path.join(dir, key));
    },
    remove: (key) => rm(path.join(dir, key), { force: true }),
  };
}
