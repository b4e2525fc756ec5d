import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useDictionary } from './crosslingual.js';
import { cedictVersion, compactFromPackage, DERIVATION_VERSION, EnglishChinese } from './english-chinese.js';

const PREFIX = 'english-chinese-';

/** The prepared dictionary's file in DATA_DIR: named by the package and derivation it came from. */
export function dictionaryFile(dataDir: string): string {
  return path.join(dataDir, 'cache', `${PREFIX}${cedictVersion()}-${DERIVATION_VERSION}.txt`);
}

/**
 * Makes the English–Chinese dictionary ready before the first question: read from its prepared
 * copy in DATA_DIR (tens of milliseconds), or, the first time and after the package or the
 * derivation changed, built from CC-CEDICT and written there (one to three seconds, once).
 * Returns whether it had to be built, and why its copy could not be kept, if it could not: the
 * dictionary is in use either way, and the next start builds it again.
 */
export function prepareDictionary(dataDir: string): { built: boolean; notKept?: string } {
  const file = dictionaryFile(dataDir);
  if (existsSync(file)) {
    useDictionary(new EnglishChinese(readFileSync(file, 'utf8')));
    return { built: false };
  }
  const compact = compactFromPackage();
  useDictionary(new EnglishChinese(compact));
  try {
    keepCopy(file, compact);
    return { built: true };
  } catch (error) {
    return { built: true, notKept: (error as Error).message };
  }
}

function keepCopy(file: string, compact: string): void {
  const folder = path.dirname(file);
  mkdirSync(folder, { recursive: true });
  // Older copies go; another process's copy being written (".partial") stays, for it to rename.
  for (const old of readdirSync(folder))
    if (old.startsWith(PREFIX) && !old.endsWith('.partial') && path.join(folder, old) !== file)
      rmSync(path.join(folder, old), { force: true });
  // Written whole, then renamed: a process starting meanwhile reads either no copy or a whole one.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, compact);
  renameSync(partial, file);
}
