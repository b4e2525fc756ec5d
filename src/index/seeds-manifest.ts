import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IndexSummary } from '../domain/types.js';
import { UserError } from '../domain/types.js';
import { isReportName } from '../ingest/report.js';
import type { PageWork } from './page-work.js';
import { pageHash, type PageToIndex } from './prepare-page.js';
import type { PageSummary } from './schema.js';

/** What was last seen of one file of SEEDS_DIR, and the page hash it was indexed under. */
export interface SeedEntry {
  size: number;
  mtimeMs: number;
  /** Of the file's bytes: a file touched but not changed is found unchanged without decoding it. */
  contentHash: string;
  pageHash: string;
}

/**
 * What the last reindex read from a folder. `key` names the pipeline and the embedder: when
 * either changes, the manifest no longer applies and every file is read again.
 */
export interface SeedsManifest {
  key: string;
  dir: string;
  files: Record<string, SeedEntry>;
}

/** The folder as a reindex sees it; tests hand in one that counts reads. */
export interface SeedFiles {
  list(dir: string): Promise<string[]>;
  stat(file: string): Promise<{ size: number; mtimeMs: number }>;
  read(file: string): Promise<Uint8Array>;
}

export const diskSeedFiles: SeedFiles = {
  list: (dir) => readdir(dir),
  // Synchronous: a thread-pool round trip per file takes twice as long, and a scan stats every
  // file of the folder (1.7 s against 0.8 s for 50,000 files); `scanSeeds` yields meanwhile.
  stat: async (file) => statSync(file),
  read: (file) => readFile(file),
};

/**
 * Decoded text a scan holds for the build that follows, in characters (about 2 bytes each): past
 * it, pages are read again when indexed, so that a build's memory does not grow with the archive.
 */
const HELD_CHARS_MAX = 24_000_000;
/** Files scanned between two turns of the event loop. */
const YIELD_EVERY = 500;

export interface SeedsScan {
  /** Files new or changed since the manifest, read and decoded (the text of those past the budget read again later). */
  pages: PageToIndex[];
  /** Files as the index holds them: not read, not re-indexed. */
  unchanged: string[];
  skipped: IndexSummary['skipped'];
  manifest: SeedsManifest;
  /** The manifest is the previous one, entry for entry: nothing to save (11 MB at 50,000 pages). */
  asBefore: boolean;
}

export interface ScanOptions {
  key: string;
  /** The last manifest, if any; ignored when it was made for another folder or key. */
  previous: SeedsManifest | null;
  /** The pages the index holds now, by file: an entry counts only if the index still has its page. */
  indexed: Map<string, PageSummary>;
  maxBytes: number;
  work: PageWork;
  files?: SeedFiles;
  /** Decoded text held for the build, in characters; `HELD_CHARS_MAX` by default. */
  heldChars?: number;
}

/**
 * Every report in a folder, reading only the files whose size or modification time changed since
 * the manifest (and decoding only those whose bytes changed), so that a run with nothing to do
 * reads no file and one new page costs that page.
 */
export async function scanSeeds(dir: string, options: ScanOptions): Promise<SeedsScan> {
  const files = options.files ?? diskSeedFiles;
  let names: string[];
  try {
    names = (await files.list(dir)).filter(isReportName).sort();
  } catch {
    throw new UserError('seeds-dir-unreadable', { dir });
  }
  const previous = options.previous?.key === options.key && options.previous.dir === dir ? options.previous : null;
  const manifest: SeedsManifest = { key: options.key, dir, files: {} };
  const scan: SeedsScan = { pages: [], unchanged: [], skipped: [], manifest, asBefore: false };
  let asBefore = previous !== null && names.length === Object.keys(previous.files).length;
  let held = options.heldChars ?? HELD_CHARS_MAX;
  for (const [i, file] of names.entries()) {
    // Questions are answered meanwhile (a reindex from the chat): stats alone never wait for I/O.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const location = path.join(dir, file);
    try {
      const entry = await scanFile(location, file, previous?.files[file], options, files);
      manifest.files[file] = entry.seen;
      if (entry.seen !== previous?.files[file]) asBefore = false;
      if (entry.page) held -= entry.page.text.length;
      if (!entry.page) scan.unchanged.push(file);
      else if (held >= 0) scan.pages.push(entry.page);
      else {
        const load = async () => options.work.read(file, await files.read(location), options.maxBytes);
        scan.pages.push({ file, source: 'seeds', hash: entry.seen.pageHash, load });
      }
    } catch (error) {
      asBefore = false;
      scan.skipped.push({ file, reason: (error as Error).message });
    }
  }
  return { ...scan, asBefore };
}

async function scanFile(
  location: string,
  file: string,
  last: SeedEntry | undefined,
  options: ScanOptions,
  files: SeedFiles,
): Promise<{ seen: SeedEntry; page: { file: string; text: string; source: 'seeds' } | null }> {
  const { size, mtimeMs } = await files.stat(location);
  const indexed = options.indexed.get(file);
  const known = last && indexed?.source === 'seeds' && indexed.hash === last.pageHash ? last : undefined;
  if (known && known.size === size && known.mtimeMs === mtimeMs) return { seen: known, page: null };
  const bytes = await files.read(location);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  if (known?.contentHash === contentHash) return { seen: { ...known, size, mtimeMs }, page: null };
  const text = await options.work.read(file, bytes, options.maxBytes);
  return {
    seen: { size, mtimeMs, contentHash, pageHash: pageHash(file, text) },
    page: { file, text, source: 'seeds' },
  };
}

export async function loadSeedsManifest(file: string): Promise<SeedsManifest | null> {
  try {
    const manifest = JSON.parse(await readFile(file, 'utf8')) as SeedsManifest;
    return typeof manifest.key === 'string' && manifest.files ? manifest : null;
  } catch {
    // None yet, or unreadable: every file is read, as on a first run.
    return null;
  }
}

/** Written aside, then renamed: a run killed meanwhile leaves the last whole manifest. */
export async function saveSeedsManifest(file: string, manifest: SeedsManifest): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(manifest));
  await rename(`${file}.tmp`, file);
}
