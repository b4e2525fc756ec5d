import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isReportName } from '../../src/domain/report-files.js';
import type { PageInput } from '../../src/index/indexer.js';
import { inThisThread } from '../../src/index/page-work.js';

/** Every report in a folder, decoded as an upload would be: what the index tests put in. */
export async function readPagesDir(dir: string, maxBytes: number): Promise<{ pages: PageInput[] }> {
  const names = (await readdir(dir)).filter(isReportName).sort();
  const pages = await Promise.all(
    names.map(async (file) => ({
      file,
      text: await inThisThread.read(file, await readFile(path.join(dir, file)), maxBytes),
      source: 'seeds' as const,
    })),
  );
  return { pages };
}
