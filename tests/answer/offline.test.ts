import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePage } from '../../src/ingest/page.js';
import { chunkArticle } from '../../src/ingest/chunk.js';
import { analyzeQuestion } from '../../src/question/analyze.js';
import { gatherEvidence, missingNames, readPassage } from '../../src/answer/evidence.js';
import { composeOfflineAnswer, offlineNote } from '../../src/answer/offline.js';
import { searchTokens } from '../../src/text/segment.js';
import type { Passage } from '../../src/types.js';
import { REPO } from '../support/workspace.js';

/** Passages of the articles whose headline contains `headline`, as retrieval would hand them over. */
function passagesOf(file: string, headline: string): Passage[] {
  const articles = parsePage(file, readFileSync(path.join(REPO, 'seeds', file), 'utf8'));
  return articles
    .filter((article) => article.headline.includes(headline))
    .flatMap((article) => chunkArticle(article))
    .map((chunk) => ({ ...chunk, score: 1 }));
}

function answer(question: string, passages: Passage[]) {
  const vocabulary = new Set(passages.flatMap((p) => searchTokens(`${p.headline} ${p.text}`)));
  const analysis = analyzeQuestion(question, (word) => (vocabulary.has(word) ? 1 : 0));
  const evidence = gatherEvidence(analysis.parts, passages, {
    of: (word) => (vocabulary.has(word) ? 1 : null),
    rarest: 2,
  });
  return { evidence, analysis, ...composeOfflineAnswer(evidence, passages, 0.47) };
}

describe('offline answerer', () => {
  const aid = passagesOf('000_2f615ec6976ddc12.txt', '消费帮扶');
  const sco = passagesOf('000_2f615ec6976ddc12.txt', '上合示范区聚力扩能提质');

  it('quotes the sentence that states the asked amount, with the marker of its passage', () => {
    const { text, used, evidence } = answer('青岛去年帮中西部卖了多少农产品？', aid);
    expect(evidence.support).toBeGreaterThan(0.47);
    expect(text.split('\n')[0]).toMatch(/^2024年,青岛市累计帮销中西部地区农特产品50\.1亿元.*\[\d\]$/);
    const marker = Number(/\[(\d)\]/.exec(text)![1]);
    expect(used).toContain(aid[marker - 1]);
  });

  it('prefers a sentence with a date when the question asks when', () => {
    const { text } = answer('礼县中药材数字化服务平台是哪天上线的？', aid);
    expect(text).toContain('2月27日上午');
  });

  it('follows a sentence with the one that continues it ("这11个…")', () => {
    const { text } = answer('上合示范区向多少家企业集中解读了“上合工具箱”？', sco);
    expect(text).toContain('900余家');
    expect(text).toContain('这11个');
  });

  it('answers each part of a two-part question', () => {
    const passages = passagesOf('000_2f615ec6976ddc12.txt', '微短剧');
    const { text } = answer('去年青岛备案的重点网络微短剧有几部？全市有多少家微短剧制作机构？', passages);
    expect(text).toContain('62部');
    expect(text).toContain('800余家');
  });

  it('keeps a list that runs over semicolons in one unit', () => {
    const { units } = readPassage({ ...aid[0], text: '问题有三:一是甲;二是乙;三是丙。另一句。' });
    expect(units.map((u) => u.text)).toEqual(['问题有三:一是甲;二是乙;三是丙。', '另一句。']);
  });

  it('finds little support for a question the passages do not answer', () => {
    const { evidence } = answer('青岛的地铁票价是多少钱？', aid);
    expect(evidence.support).toBeLessThan(0.47);
  });

  it('names proper names the passages never mention', () => {
    const { analysis } = answer('青岛去年对日本出口了多少农产品？', aid);
    expect(missingNames(analysis.parts[0].groups, aid, () => 0.01)).toEqual(['日本']);
  });

  it('says it is offline, in the language of the question', () => {
    expect(offlineNote('zh', 'timeout')).toMatch(/^离线模式（大模型超时）/);
    expect(offlineNote('en', 'no-model')).toMatch(/^Offline mode \(no language model configured\)/);
  });
});
