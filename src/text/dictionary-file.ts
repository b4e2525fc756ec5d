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
 * Returns whether it had to be built.
 */
export function prepareDictionary(dataDir: string): { built: boolean } {
  const file = dictionaryFile(dataDir);
  if (existsSync(file)) {
    useDictionary(new EnglishChinese(readFileSync(file, 'utf8')));
    return { built: false };
  }
  const compact = compactFromPackage();
  useDictionary(new EnglishChinese(compact));
  const folder = path.dirname(file);
  mkdirSync(folder, { recursive: true });
  for (const old of readdirSync(folder)) if (old.startsWith(PREFIX)) rmSync(path.join(folder, old), { force: true });
  // Written whole, then renamed: a process starting meanwhile reads either no copy or a whole one.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, compact);
  renameSync(partial, file);
  return { built: true };
}
