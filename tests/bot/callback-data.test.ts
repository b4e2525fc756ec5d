import { describe, expect, it } from 'vitest';
import type { CallbackCodec } from '../../src/bot/callback-data.js';
import { removeButton } from '../../src/bot/features/admin/callback-data.js';
import { downvotePageButton, voteButton } from '../../src/bot/features/feedback/callback-data.js';
import { withTally } from '../../src/bot/features/feedback/keyboard.js';
import { stopButton } from '../../src/bot/features/question/stop-button.js';
import { backButton, sourceButton } from '../../src/bot/features/sources/callback-data.js';
import { answerKeyboard } from '../../src/bot/features/sources/keyboard.js';
import { timelinePage } from '../../src/bot/features/timeline/callback-data.js';
import type { Citation } from '../../src/domain/types.js';
import { createI18n, translator } from '../../src/bot/i18n.js';

const texts = translator(createI18n(), 'zh-Hans');

const citation = (n: number): Citation => ({
  n,
  id: `000_2f615ec6976ddc12:3:${n}`,
  file: '000_2f615ec6976ddc12.txt',
  headline: '青岛加快建设消费帮扶重点城市',
  date: '2月27日',
  text: '2024年累计帮销中西部地区农特产品50.1亿元。',
  start: 0,
  end: 10,
  source: null,
});

const codecs: Array<[string, CallbackCodec<any>]> = [
  ['stop', stopButton],
  ['source', sourceButton],
  ['back', backButton],
  ['vote', voteButton],
  ['downvote page', downvotePageButton],
  ['remove', removeButton],
  ['timeline page', timelinePage],
];

describe("each feature's callback data", () => {
  it.each([
    [stopButton, stopButton.encode('abc'), 'abc'],
    [removeButton, 'rm:p2', { kind: 'screen', screen: 2 }],
    [removeButton, 'rm?h4sh', { kind: 'ask', hash: 'h4sh' }],
    [removeButton, 'rm!h4sh', { kind: 'confirm', hash: 'h4sh' }],
    [removeButton, 'rm:x', { kind: 'keep' }],
    [downvotePageButton, 'fb:3', 3],
    [voteButton, 'vote:+:a1', { up: true, answerId: 'a1' }],
    [voteButton, 'vote:?:a1', null],
    [removeButton, 'rm:p99999', null],
    [stopButton, 'stop:', null],
  ] as Array<[CallbackCodec<unknown>, string, unknown]>)('reads %#: %s', (codec, data, value) => {
    expect(codec.decode(data)).toEqual(value);
  });

  it.each([
    [stopButton, 'abc'],
    [sourceButton, { chunkId: '000_2f615ec6976ddc12:3:1', answerId: null }],
    [sourceButton, { chunkId: '26c3c873da269c61', answerId: 'KK6AhJbB' }],
    [backButton, 'KK6AhJbB'],
    [voteButton, { up: false, answerId: 'abc123' }],
    [downvotePageButton, 0],
    [removeButton, { kind: 'screen', screen: 12 }],
    [removeButton, { kind: 'ask', hash: '0123456789abcdef' }],
    [removeButton, { kind: 'confirm', hash: '0123456789abcdef' }],
    [removeButton, { kind: 'keep' }],
    [timelinePage, { page: 3, topic: '青岛地铁 6号线：开通' }],
  ] as Array<[CallbackCodec<unknown>, unknown]>)('writes %#, fitting 64 bytes, and reads it back', (codec, value) => {
    const data = codec.encode(value);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(codec.trigger.test(data)).toBe(true);
    expect(codec.decode(data)).toEqual(value);
  });

  it('leaves the data of every other feature, and data it never wrote, alone', () => {
    const samples = [
      'stop:abc',
      'src:000_2f615ec6976ddc12:3:1~KK6AhJbB',
      'back:a1',
      'vote:+:a1',
      'fb:3',
      'rm:x',
      'tl:0:口袋公园',
    ];
    for (const [name, codec] of codecs) {
      const own = samples.filter((data) => codec.trigger.test(data));
      expect(own, name).toHaveLength(1);
      expect(codec.decode(own[0]), name).not.toBeNull();
      expect(codec.decode('other'), name).toBeNull();
    }
  });
});

describe('keyboards', () => {
  it('shows the vote tally on the buttons, leaving the others as they were', () => {
    const keyboard = answerKeyboard([citation(1)], 'a1', texts, { up: 2, down: 0 });
    const labels = (markup: { inline_keyboard: Array<Array<{ text: string }>> }) =>
      markup.inline_keyboard.flat().map((b) => b.text);
    expect(labels(keyboard).slice(-2)).toEqual(['👍 2', '👎']);
    expect(labels(withTally(keyboard, { up: 2, down: 1 }))).toEqual([...labels(keyboard).slice(0, -2), '👍 2', '👎 1']);
  });

  it('links a cited page to the e-paper where the page gives its link', () => {
    const keyboard = answerKeyboard(
      [{ ...citation(1), url: 'https://epaper.example.com/a01' }, citation(2)],
      'abc',
      texts,
    );
    const links = keyboard.inline_keyboard.flat().filter((b) => 'url' in b);
    expect(links).toEqual([{ text: '🔗 1', url: 'https://epaper.example.com/a01' }]);
  });

  it('has one button per cited source, then the votes; passages of one article told apart by their part', () => {
    const other = { ...citation(3), id: '001_aa:0:0', headline: '另一篇报道' };
    const keyboard = answerKeyboard([citation(1), citation(2), other], 'abc', texts);
    const buttons = keyboard.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual([
      '📄 1 青岛加快建设消费帮… · 第2段',
      '📄 2 青岛加快建设消费帮… · 第3段',
      '📄 3 另一篇报道',
      '👍',
      '👎',
    ]);
  });
});
