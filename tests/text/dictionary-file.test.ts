import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { translateEnglish } from '../../src/text/crosslingual.js';
import { dictionaryFile, prepareDictionary } from '../../src/text/dictionary-file.js';
import { compactFromCedict, EnglishChinese } from '../../src/text/english-chinese.js';
import { prepareQuestionText } from '../../src/text/prepare.js';
import { searchTokens } from '../../src/text/segment.js';

describe('the English–Chinese dictionary as sorted lines', () => {
  const dictionary = new EnglishChinese(
    compactFromCedict([
      { simplified: '地图', english: ['map', 'CL:張|张[zhang1]'] },
      { simplified: '国内生产总值', english: ['gross domestic product (GDP)'] },
      { simplified: '图', english: ['diagram', 'map'] },
      { simplified: '地图集', english: ['atlas', 'collection of maps'] },
    ]),
  );

  it('finds a gloss, the earlier sense weighing more', () => {
    expect(dictionary.glosses('map')).toEqual([
      { chinese: '地图', weight: 1 },
      { chinese: '图', weight: 1 / 1.3 },
    ]);
  });

  it('finds bracketed acronyms and words inside longer glosses, the latter weighing little', () => {
    expect(dictionary.glosses('gdp')).toEqual([{ chinese: '国内生产总值', weight: 1 }]);
    expect(dictionary.glosses('domestic')).toEqual([{ chinese: '国内生产总值', weight: 0.3 }]);
    expect(dictionary.glosses('maps')).toEqual([{ chinese: '地图集', weight: 0.3 * (1 / 1.3) }]);
  });

  it('finds nothing for a word it does not gloss, nor for measure words', () => {
    expect(dictionary.glosses('password')).toEqual([]);
    expect(dictionary.glosses('cl')).toEqual([]);
    expect(dictionary.glosses('')).toEqual([]);
  });
});

describe('the prepared dictionary in DATA_DIR', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qd-dictionary-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is built and written the first time, read afterwards, and replaces an older copy', () => {
    const file = dictionaryFile(dataDir);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(path.join(path.dirname(file), 'english-chinese-0.9.0-1.txt'), 'map\t旧:0');

    expect(prepareDictionary(dataDir)).toEqual({ built: true });
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    const pages = new Set(['地图', '疫情']);
    const [built] = translateEnglish(['map'], (chinese) => (pages.has(chinese) ? 0.01 : 0));
    expect(built.chinese).toEqual(['地图']);

    // What is read is the file: a copy that says otherwise is believed.
    writeFileSync(file, 'map\t疫情:0');
    expect(prepareDictionary(dataDir)).toEqual({ built: false });
    const [read] = translateEnglish(['map'], (chinese) => (pages.has(chinese) ? 0.01 : 0));
    expect(read.chinese).toEqual(['疫情']);
    expect(existsSync(`${file}.${process.pid}.partial`)).toBe(false);
  });

  it('leaves another process’s copy being written, and answers when DATA_DIR takes no copy', () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'qd-dictionary-'));
    const file = dictionaryFile(other);
    mkdirSync(path.dirname(file), { recursive: true });
    const writing = `${file}.99999.partial`;
    writeFileSync(writing, 'map\t地图:0');
    expect(prepareDictionary(other)).toEqual({ built: true });
    expect(existsSync(writing)).toBe(true);

    // A file where the cache folder should be: the copy cannot be kept, the dictionary is used.
    const blocked = mkdtempSync(path.join(os.tmpdir(), 'qd-dictionary-'));
    writeFileSync(path.join(blocked, 'cache'), 'not a folder');
    const result = prepareDictionary(blocked);
    expect(result.built).toBe(true);
    expect(result.notKept).toMatch(/EEXIST|ENOTDIR/);
    const [used] = translateEnglish(['map'], (chinese) => (chinese === '地图' ? 0.01 : 0));
    expect(used.chinese).toEqual(['地图']);
    for (const folder of [other, blocked]) rmSync(folder, { recursive: true, force: true });
  });
});

describe('what every question needs, loaded at start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qd-question-text-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prepares the English dictionary in DATA_DIR and loads jieba, so that the first question segments at once', () => {
    expect(prepareQuestionText(dataDir)).toBeUndefined();
    expect(existsSync(dictionaryFile(dataDir))).toBe(true);
    expect(searchTokens('青岛新建口袋公园')).toContain('公园');
  });
});
