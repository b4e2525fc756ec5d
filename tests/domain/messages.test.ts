import { readFileSync } from 'node:fs';
import { FluentResource } from '@fluent/bundle';
import { describe, expect, it } from 'vitest';
import { LOCALES, messages, readMessages } from '../../src/domain/messages.js';
import { USER_ERROR_CODES, UserError } from '../../src/domain/types.js';
import { FAILURE_IDS } from '../../src/domain/failure.js';
import { offlineNote } from '../../src/qa/synthesizers/offline.js';
import { REFUSAL } from '../../src/qa/synthesizers/refusal.js';

const ids = (locale: string) =>
  new FluentResource(readFileSync(`locales/${locale}.ftl`, 'utf8')).body.map((entry) => entry.id).sort();

describe('the Fluent reader the core writes with', () => {
  it('finds the same messages in every locale', () => {
    for (const locale of LOCALES) expect(ids(locale), locale).toEqual(ids('en'));
  });

  it('has a message for every refusal the core gives and every failure it names, in every locale', () => {
    for (const locale of LOCALES) {
      for (const code of [...USER_ERROR_CODES, ...FAILURE_IDS])
        expect(messages().has(locale, code), `${code} in ${locale}`).toBe(true);
    }
  });

  it('places arguments as written, in the locale asked for, `zh` being simplified', () => {
    const error = new UserError('question-too-long', { length: 1500, max: 1000 });
    expect(error.code).toBe('question-too-long');
    expect(error.message).toBe('the question is too long: 1500 characters, at most 1000');
    expect(error.in('zh')).toBe('问题太长：1500 个字，最多 1000 个字');
    expect(error.in('zh-Hant')).toBe('問題太長：1500 個字，最多 1000 個字');
    expect(new UserError('file-binary-kind', { file: 'a.txt', kind: 'png' }).in('zh')).toBe(
      'a.txt 不是文本文件（PNG 图片）',
    );
  });

  it('says why it cannot, instead of writing a broken sentence', () => {
    const reader = readMessages();
    expect(() => reader.format('en', 'no-such-message')).toThrow(/no message no-such-message in en/);
    expect(() => reader.format('en', 'file-empty')).toThrow(/file-empty/);
  });

  it("writes the answer's own sentences in the question's language", () => {
    expect(REFUSAL).toEqual({ zh: '报道中没有找到这个问题的答案。', en: 'The reports do not say.' });
    expect(offlineNote('en', 'quick')).toBe(
      'Offline mode (a quick answer, without the language model): the most relevant sentences from the reports, quoted in Chinese.',
    );
    expect(offlineNote('zh', 'unsupported')).toBe('离线模式（大模型的回答与原文不符）：以下是报道中最相关的原文。');
  });
});
