import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallTalkOf } from '../../src/qa/query/small-talk.js';
import { foldScript } from '../../src/text/script.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

/** As the query stage reads it: in simplified characters. */
const kindOf = (utterance: string) => smallTalkOf(foldScript(utterance));

describe('small talk', () => {
  it.each([
    ['你好', 'greeting'],
    ['您好！', 'greeting'],
    ['早上好呀 😊', 'greeting'],
    ['在吗？', 'greeting'],
    ['hi', 'greeting'],
    ['Hello there!', 'greeting'],
    ['Good morning', 'greeting'],
    ['谢谢', 'thanks'],
    ['謝謝！', 'thanks'],
    ['非常感谢', 'thanks'],
    ['谢谢你的帮助', 'thanks'],
    ['thanks', 'thanks'],
    ['Thank you very much!', 'thanks'],
    ['你是谁？', 'about'],
    ['你是誰', 'about'],
    ['你能做什么', 'about'],
    ['你能做什麼？', 'about'],
    ['我可以问什么', 'about'],
    ['你好，你是谁？', 'about'],
    ['who are you', 'about'],
    ['What can you do?', 'about'],
    ['Hi, what can you do?', 'about'],
  ])('reads %s as %s', (utterance, kind) => {
    expect(kindOf(utterance)).toBe(kind);
  });

  it.each([
    '你好，青岛去年帮中西部卖了多少农产品？',
    '谢谢，那陇南呢？',
    '你好青岛长护险覆盖了多少人',
    'Hi, how many experts joined the alliance?',
    'history',
    'hi bottle',
    '青岛',
    '这是什么',
    '你知道青岛泡菜出口多少吨吗',
    '',
  ])('reads %j as a question, not small talk', (utterance) => {
    expect(kindOf(utterance)).toBeNull();
  });

  it('reads no question of the quality sets as small talk', () => {
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.jsonl'));
    const questions = files.flatMap((file) =>
      readFileSync(path.join(FIXTURES, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => (JSON.parse(line) as { question: string }).question),
    );
    expect(questions.length).toBeGreaterThan(200);
    expect(questions.filter((question) => kindOf(question) !== null)).toEqual([]);
  });
});
