import { describe, expect, it } from 'vitest';
import { dayOf, stdinQuestion } from '../../src/cli/asked-on.js';

describe('the day a command-line question is asked on', () => {
  it('reads a day as YYYY-MM-DD and refuses anything else', () => {
    expect(dayOf('2024-08-30', '--as-of').toISOString()).toBe('2024-08-30T00:00:00.000Z');
    for (const bad of ['2024-02-30', '2024-8-30', 'yesterday', '']) {
      expect(() => dayOf(bad, '--as-of')).toThrow(/--as-of must be a day/);
    }
  });

  it('a stdin line is a question, or a JSON object with its own asked_on', () => {
    const asOf = new Date('2025-01-01T00:00:00Z');
    expect(stdinQuestion('去年的报道说了什么？')).toEqual({ question: '去年的报道说了什么？', askedOn: undefined });
    expect(stdinQuestion('去年的报道说了什么？', asOf)).toEqual({ question: '去年的报道说了什么？', askedOn: asOf });
    expect(stdinQuestion('{"question": "去年7月发生了什么？", "asked_on": "2024-08-30"}', asOf)).toEqual({
      question: '去年7月发生了什么？',
      askedOn: new Date('2024-08-30T00:00:00Z'),
    });
    expect(stdinQuestion('{"question": "上周呢？"}', asOf)).toEqual({ question: '上周呢？', askedOn: asOf });
    expect(stdinQuestion('{不是 JSON}')).toEqual({ question: '{不是 JSON}', askedOn: undefined });
    expect(() => stdinQuestion('{"q": "x"}')).toThrow(/"question"/);
    expect(() => stdinQuestion('{"question": "x", "asked_on": "soon"}')).toThrow(/asked_on must be a day/);
  });
});
