import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { captionHeader, readPageMeta } from '../../src/ingest/metadata.js';
import { publishedLabel, sourceLabel } from '../../src/domain/source.js';
import { REPO } from '../support/workspace.js';

describe('page metadata', () => {
  it("reads the seed pages' dates from the pages themselves, marked as inferred, with no year it cannot support", async () => {
    const seeds = path.join(REPO, 'seeds');
    const found: Record<string, [string | null, string | null]> = {};
    for (const file of (await readdir(seeds)).sort()) {
      const { source } = readPageMeta(file, await readFile(path.join(seeds, file), 'utf8'));
      expect(source.inferred).toBe(true);
      found[file.slice(0, 3)] = [source.published, source.paper];
    }
    // 002 names no year but 2019 (once, as the start of something), so its year stays unknown.
    // The paper is named where a byline names it (□青岛日报/观海新闻记者).
    expect(found).toEqual({
      '000': ['2025-02-27', '青岛日报'],
      '001': ['2024-09-02', '青岛日报'],
      '002': ['--09-27', '青岛日报'],
      '003': ['2020-12', null],
      '004': ['2021-04', null],
    });
  });

  it.each([
    [
      'front matter',
      'page.txt',
      '---\ndate: 2025-02-27\npaper: 青岛日报\npage: A03 要闻\nurl: https://epaper.example.com/a03\n---\n标题\n\n正文',
      {
        published: '2025-02-27',
        inferred: false,
        paper: '青岛日报',
        page: 'A03 要闻',
        url: 'https://epaper.example.com/a03',
      },
    ],
    ['Chinese keys', 'page.txt', '---\n日期：2024-9-2\n版次：1\n---\n正文', { published: '2024-09-02', page: '第1版' }],
    ['a file name', '2025-02-27_01.txt', '正文', { published: '2025-02-27', inferred: false, page: '第1版' }],
    ['a file name with a page name', '2023-09-27-A05.txt', '正文', { published: '2023-09-27', page: 'A05' }],
    [
      'a dateline and no year',
      'x.txt',
      '本报3月5日讯 崂山区新建智慧灯杆3721根。',
      { published: '--03-05', inferred: true },
    ],
    ['a target year only', 'x.txt', '本报3月5日讯 到2030年建成。到2030年完成。', { published: '--03-05' }],
    ['nothing to go by', 'x.txt', '正文没有日期。', { published: null, inferred: false }],
    ['a bad date', 'x.txt', '---\ndate: 2025-13-40\n---\n正文', { published: null }],
    ['a link that is not one', 'x.txt', '---\nurl: javascript:alert(1)\n---\n正文', { url: null }],
  ])('from %s', (_label, file, text, expected) => {
    expect(readPageMeta(file, text).source).toMatchObject(expected);
  });

  it('blanks the front matter in place, so offsets into the page stay valid', () => {
    const text = '---\ndate: 2025-02-27\n---\n标题';
    const { text: body } = readPageMeta('x.txt', text);
    expect(body).toHaveLength(text.length);
    expect(body.indexOf('标题')).toBe(text.indexOf('标题'));
    expect(body.trim()).toBe('标题');
  });
});

describe('source labels', () => {
  it.each([
    ['2025-02-27', 'zh', '2025年2月27日'],
    ['2025-02-27', 'en', '27 February 2025'],
    ['2020-12', 'zh', '2020年12月'],
    ['2020-12', 'en', 'December 2020'],
    ['--09-27', 'zh', '9月27日'],
    ['--09-27', 'en', '27 September'],
    [null, 'zh', null],
  ] as const)('%s in %s: %s', (published, lang, label) => {
    expect(publishedLabel(published, lang)).toBe(label);
  });

  it('names the paper, the date and the page', () => {
    const source = { paper: '青岛日报', published: '2025-02-27', inferred: false, page: '第1版', url: null };
    expect(sourceLabel(source, 'zh')).toBe('青岛日报 2025年2月27日 第1版');
    expect(sourceLabel(source, 'en')).toBe('Qingdao Daily, 27 February 2025, page 1');
    expect(sourceLabel({ ...source, paper: null, published: null, page: null }, 'zh')).toBeNull();
  });
});

describe('captions', () => {
  it.each([
    ['2025-02-27 第1版', '---\ndate: 2025-02-27\npage: 第1版\n---\n'],
    ['2025年2月27日 A03', '---\ndate: 2025-02-27\npage: A03\n---\n'],
    ['page 5', '---\npage: 第5版\n---\n'],
    ['2025/2/27', '---\ndate: 2025-02-27\n---\n'],
    ['今天的头版', null],
    [undefined, null],
  ])('%s', (caption, header) => {
    expect(captionHeader(caption, '正文')).toBe(header);
  });

  it('leaves a page that has its own header as it is', () => {
    expect(captionHeader('2025-02-27', '---\ndate: 2024-01-01\n---\n正文')).toBeNull();
  });
});
