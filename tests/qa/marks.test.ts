import { describe, expect, it } from 'vitest';
import { figureMark, reasonSpan } from '../../src/qa/synthesizers/marks.js';

describe('the words that answer', () => {
  it.each([
    ['从青岛胶东国际机场到青岛北站最快约20分钟。', 'duration', '最快约20分钟'],
    ['2024年,青岛市累计帮销中西部地区农特产品50.1亿元。', 'money', '50.1亿元'],
    ['即墨区工业互联网赋能的企业,产值平均增幅20%以上,利税增长26%。', 'share', '20%以上'],
    ['同比涨幅近三成。', 'share', '近三成'],
    ['大桥全长2,400米。', 'size', '2,400米'],
    ['共有会员120家,覆盖全区。', 'quantity', '120家'],
  ] as const)('in "%s" (%s): %s', (quote, kind, mark) => {
    expect(figureMark(quote, kind)).toBe(mark);
  });

  it('marks the figure in the measure the question counts in, and a written number before one in words', () => {
    const exports = '目前，青岛共有20余家规模以上泡菜加工企业，预计今年将向韩国出口泡菜30万吨。';
    expect(figureMark(exports, 'quantity', '青岛泡菜每年向韩国出口多少吨？')).toBe('30万吨');
    const trained = '创新奇智探索出了一套人才培养模式,每年为当地培训相关人才近3万人次。';
    expect(figureMark(trained, 'quantity', '每年培训多少人次？')).toBe('近3万人次');
    expect(figureMark(trained, 'quantity', '培训规模有多大？')).toBe('近3万人次');
  });

  it('marks no figure where the question asks for none, or the quote states none', () => {
    expect(figureMark('2024年,青岛市累计帮销农特产品50.1亿元。', 'reason')).toBeNull();
    expect(figureMark('青岛持续推进帮销模式创新。', 'money')).toBeNull();
  });

  it('finds the clauses that give a reason, with what they give it for', () => {
    const sentence =
      '开展消费帮扶,是推进国家建立农村低收入群体和欠发达地区分层分类帮扶制度的重要内容,也是助力脱贫地区农产品销售、推动乡村产业振兴、提振消费稳增长的重要举措。';
    expect(reasonSpan(sentence)?.mark).toBe(
      '是推进国家建立农村低收入群体和欠发达地区分层分类帮扶制度的重要内容,也是助力脱贫地区农产品销售、推动乡村产业振兴、提振消费稳增长的重要举措',
    );
    const purpose =
      '为解决乡村振兴人才数量不足、结构不合理等问题,莱西市实施乡村振兴人才配置工程,从市直部门、镇街和国有企业选派优秀干部200名到村任职,覆盖全市各镇街的重点村和薄弱村。';
    expect(reasonSpan(purpose)).toEqual({
      quote: '为解决乡村振兴人才数量不足、结构不合理等问题,莱西市实施乡村振兴人才配置工程。',
      mark: '为解决乡村振兴人才数量不足、结构不合理等问题',
    });
    expect(reasonSpan('青岛持续推进帮销模式创新,拓展消费帮扶新渠道。')).toBeNull();
    const fighters =
      '一般的军用机中，战斗机由于涉及到空气动力学、超音速巡航与近距高速空中缠斗的需求，且航程（作战半径）较短，故无安装翼尖小翼的需求，而运输机则多有安装。';
    expect(reasonSpan(fighters)).toEqual({
      quote:
        '一般的军用机中，战斗机由于涉及到空气动力学、超音速巡航与近距高速空中缠斗的需求，且航程（作战半径）较短，故无安装翼尖小翼的需求。',
      mark: '战斗机由于涉及到空气动力学、超音速巡航与近距高速空中缠斗的需求，且航程（作战半径）较短',
    });
  });

  it('reads a traditional sentence in its folded form and quotes it as printed', () => {
    expect(reasonSpan('由於原料供應不足,價格上漲。', '由于原料供应不足,价格上涨。')?.mark).toBe('由於原料供應不足');
  });
});
