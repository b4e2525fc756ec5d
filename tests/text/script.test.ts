import { describe, expect, it } from 'vitest';
import { foldScript, inScript, scriptOf } from '../../src/text/script.js';
import { indexableText } from '../../src/text/segment.js';
import { missingNames, readPassage } from '../../src/qa/synthesizers/evidence.js';
import { fitsKind } from '../../src/qa/synthesizers/answer-kind.js';
import type { Passage } from '../../src/domain/types.js';

describe('folding to one script', () => {
  it('folds a traditional sentence to simplified, so page and question meet in the same words', () => {
    const printed = '澳門特區政府宣佈，輕軌東線將於明年開通。';
    expect(foldScript(printed)).toBe('澳门特区政府宣布，轻轨东线将于明年开通。');
    expect(indexableText(foldScript(printed))).toBe(indexableText('澳门特区政府宣布，轻轨东线将于明年开通。'));
  });

  it('leaves simplified text exactly as it is, where the traditional dictionaries would change it', () => {
    const simplified = '本领显著增强，作出显著成绩。';
    expect(foldScript(simplified)).toBe(simplified);
  });

  it('folds a page that mixes both scripts sentence by sentence', () => {
    const mixed = '青岛发布新规。報告指出，經濟增長顯著。\n全市显著提升。';
    expect(foldScript(mixed)).toBe('青岛发布新规。报告指出，经济增长显著。\n全市显著提升。');
  });

  it('leaves text without Chinese characters alone', () => {
    expect(foldScript('RCEP 50.1%')).toBe('RCEP 50.1%');
  });

  it('writes an answer in the reader script: a traditional quote for a simplified reader in simplified', () => {
    const answer = '据报道：「輕軌東線將於明年開通。」[1]';
    expect(inScript(answer, 'simplified')).toBe('据报道：「轻轨东线将于明年开通。」[1]');
    expect(inScript('轻轨东线将于明年开通。', 'traditional')).toBe('輕軌東線將於明年開通。');
    expect(scriptOf('輕軌東線將於明年開通')).toBe('traditional');
  });
});

describe('evidence across scripts', () => {
  const passage: Passage = {
    id: 'p',
    file: 'macau.txt',
    articleIndex: 0,
    chunkIndex: 0,
    headline: '輕軌東線明年開通',
    date: null,
    text: '輕軌東線全長7.7公里。預計明年開通。',
    start: 0,
    end: 0,
    score: 1,
  };

  it('matches a traditional passage in simplified words and quotes it as printed', () => {
    const read = readPassage(passage);
    expect(read.units.map((unit) => unit.text)).toEqual(['輕軌東線全長7.7公里。', '預計明年開通。']);
    expect(read.units[0].plain).toContain('轻轨东线全长7.7公里');
    expect(read.units[0].words.has('轻轨')).toBe(true);
    expect(read.headline.plain).toBe('轻轨东线明年开通');
  });

  it('reads figures and names in the question script: 億 as 亿, 澳門 as 澳门', () => {
    const money = readPassage({ ...passage, text: '工程總投資約185億元。' }).units[0];
    expect(fitsKind(money.text, 'money')).toBe(false);
    expect(fitsKind(money.folded, 'money')).toBe(true);
    const macau = { label: '澳门', forms: ['澳门'], name: true, focus: false, category: false };
    expect(missingNames([macau], [{ ...passage, text: '澳門輕軌。' }], () => 0.01)).toEqual([]);
    expect(missingNames([macau], [{ ...passage, headline: '', text: '香港地鐵。' }], () => 0.01)).toEqual(['澳门']);
  });
});
