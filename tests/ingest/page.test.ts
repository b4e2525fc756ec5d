import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { parsePage, parsePageSpans } from '../../src/ingest/page.js';
import type { Article } from '../../src/domain/types.js';

const SEEDS = path.resolve(__dirname, '../../seeds');
const seed = (file: string) => readFileSync(path.join(SEEDS, file), 'utf8');
const FILES = readdirSync(SEEDS)
  .filter((file) => file.endsWith('.txt'))
  .sort();

/** The headlines as printed, read off the five pages by hand: the spec for the parser. */
const HEADLINES: Record<string, string[]> = {
  '000_2f615ec6976ddc12.txt': [
    '青岛加快建设消费帮扶重点城市',
    '全省微短剧精品创作暨高质量发展推进会在青举行 青岛构筑微短剧产业发展高地',
    '用5年左右时间全体党员应训尽训',
    '上合示范区聚力扩能提质',
    '实干担当 凝聚力量 坚定不移推动高质量发展',
    '未来产业:“抢跑”新赛道 创建“先导区”',
    '莱西县域医共体医保基金将按人头总额付费',
    '青岛开展未成年人网络文化市场专项整治',
  ],
  '001_a0eb63093fbffedb.txt': [
    '制造业企业数字化转型可“先试后转”',
    '青岛做强“泡菜经济”，向韩出口“量价齐升”',
    '青岛长护险暖心服务',
    '崂山区：“亮绩赛季”，高质量发展走在前',
    '用好用活“及时奖励” 激励干部干事创业',
  ],
  '002_4c3b8b73249d183e.txt': [
    '青岛对开展高质量主题党日作出规范',
    '加快布局人工智能产业,让AI“最懂青岛”',
    '青岛市委市政府向第十九届亚运会中国体育代表团致贺电',
    '企业提“诉求”,政府给“回应”',
    '青岛至法兰克福货运航线开通',
    '青岛政务服务地图上线',
    '黄河流域“9+1”城市陆海联动高质量发展合作机制在青启动',
    '医保平台上线新功能,市民办事“不跑腿”',
  ],
  '003_91f643bd22a170fd.txt': [
    '上合示范区 “俄罗斯中心”启动',
    '政民互动汇聚合力,美好青岛未来可期',
    // Printed without a headline: derived from the first sentence.
    '青岛市市南区金门路街道政务公开“慧客厅”在天津社区党群服务中心启动',
    '借力RCEP东风,“青岛力量”乘势而上',
    '青岛加大财政扶贫资金监管力度',
    '青岛崂山区创新关爱礼遇道德模范',
    '“七帮”项目打造“全民志愿·阳光城阳”',
    '青岛西海岸新区实现不动产登记“零跑腿”',
    '莱西人才配置工程推动乡村人才发展',
    '青岛即墨区领跑工业互联网时代',
  ],
  '004_e67492a810d0588b.txt': [
    '继续推动胶东经济圈握指成拳',
    '青岛自贸片区荣获十大最具投资价值园区',
    '青岛市重点工程 争先创优劳动竞赛启动',
    '全省首次涉未成年人行政公益诉讼听证会举办',
    '青岛海天MALL首店 品牌超过15家',
    '城阳区加入政务服务“跨省通办”联盟',
    '青岛成立工业互联网专家协作联盟',
    // A photo caption with its credit, printed inside the column of the article above.
    '清明假期,青岛中山公园樱花绽放',
    '百场盛会助推会展名城建设',
  ],
};

const pages = new Map(FILES.map((file) => [file, parsePage(file, seed(file))]));
const page = (prefix: string) => [...pages.entries()].find(([file]) => file.startsWith(prefix))![1];
const article = (prefix: string, headline: string): Article => {
  const found = page(prefix).find((a) => a.headline === headline);
  if (!found) throw new Error(`no article ${headline} on page ${prefix}`);
  return found;
};
const paragraphs = (a: Article) => a.body.split('\n');

/** How many times each source offset went into an article field (header or body). */
function coverage(source: string, file = 'page.txt'): number[] {
  const { articles, spans } = parsePageSpans(file, source);
  const counts = new Array<number>(source.length).fill(0);
  spans.flat().forEach(({ start, end }) => {
    for (let k = start; k < end; k++) counts[k]++;
  });
  for (const a of articles) {
    a.bodyOffsets.forEach((offset, i) => {
      if (offset < 0) expect(a.body[i]).toBe('\n');
      else expect(a.body[i]).toBe(source[offset]);
    });
    const bodySpanOffsets = spans[a.index]
      .filter((s) => s.field === 'body')
      .flatMap((s) => Array.from({ length: s.end - s.start }, (_, k) => s.start + k));
    expect(bodySpanOffsets).toEqual(a.bodyOffsets.filter((offset) => offset >= 0));
  }
  return counts;
}

function expectNothingLost(source: string) {
  const counts = coverage(source);
  const lost = [...source].map((ch, i) => (/\s/.test(ch) ? 1 : counts[i])).findIndex((count) => count !== 1);
  expect(lost, lost >= 0 ? `offset ${lost} (${source.slice(lost, lost + 20)}) covered ${counts[lost]} times` : '').toBe(
    -1,
  );
}

describe('parsePage on the seed pages', () => {
  it.each(FILES)('finds every article of %s with its headline', (file) => {
    expect(pages.get(file)!.map((a) => a.headline)).toEqual(HEADLINES[file]);
  });

  it.each(FILES)('puts every character of %s into exactly one article field', (file) => {
    expectNothingLost(seed(file));
  });

  it.each(FILES)('numbers the articles of %s in page order and traces header fields to the source', (file) => {
    const source = seed(file);
    const { articles, spans } = parsePageSpans(file, source);
    articles.forEach((a, i) => {
      expect(a.index).toBe(i);
      expect(a.file).toBe(file);
      const headline = spans[i].find((s) => s.field === 'headline');
      if (headline) expect(source.slice(headline.start, headline.end)).toBe(a.headline);
      const sub = spans[i].filter((s) => s.field === 'subheadline').map((s) => source.slice(s.start, s.end));
      expect(sub).toEqual(a.subheadlines);
    });
  });

  it('keeps kickers, sub-headlines and the headline apart', () => {
    const help = article('000', '青岛加快建设消费帮扶重点城市');
    expect(help.kicker).toBe(
      '助力打造“定西马铃薯”“武都花椒”等涉农中国驰名商标10个、全国区域公用品牌4个,2024年累计帮销中西部地区农特产品50.1亿元——',
    );
    expect(article('000', '莱西县域医共体医保基金将按人头总额付费').subheadlines).toEqual([
      '青岛紧密型县域医共体医保支付方式改革进入实质性实践阶段',
    ]);
    expect(article('001', '青岛长护险暖心服务').subheadlines[0]).toBe('13万名失能失智人员');
    expect(article('002', '加快布局人工智能产业,让AI“最懂青岛”').kicker).toBe('强信心·稳经济·促发展');
    expect(article('003', '青岛即墨区领跑工业互联网时代').kicker).toBe('持续高质量增长背后有何“秘诀”?');
    expect(article('004', '百场盛会助推会展名城建设').kicker).toBe('青岛今年将举办103项重磅会展活动——');
    expect(article('004', '青岛成立工业互联网专家协作联盟').kicker).toBe(
      '建立青深产学研合作常态机制,发展“人才飞地”模式',
    );
  });

  it('gives the 三民 kicker to the 三民 story, not to the brief printed under it', () => {
    expect(article('003', '上合示范区 “俄罗斯中心”启动').kicker).toBeNull();
    expect(article('003', '政民互动汇聚合力,美好青岛未来可期').kicker).toBe('2020年青岛“三民”活动创新求变——');
  });

  it('extracts bylines, datelines, dates and continuation markers', () => {
    const russia = article('003', '上合示范区 “俄罗斯中心”启动');
    expect(russia).toMatchObject({ byline: '□记者 白晓 通讯员 李颖慧 报道', dateline: '本报北京电', date: '12月18日' });
    expect(russia.body).toBe('12月18日,中国—上海合作组织地方经贸合作示范区“俄罗斯中心”启动仪式在北京举行。');
    expect(article('000', '全省微短剧精品创作暨高质量发展推进会在青举行 青岛构筑微短剧产业发展高地')).toMatchObject({
      byline: '□青岛日报/观海新闻记者 余瑞新 实习生 车芳如',
      dateline: '本报2月27日讯',
      date: '2月27日',
      continued: false,
    });
    const party = article('000', '用5年左右时间全体党员应训尽训');
    expect(party).toMatchObject({ continued: true, byline: null, dateline: null, date: null });
    expect(party.body.startsWith('党性修养和实践本领显著增强')).toBe(true);
    expect(party.body).not.toContain('上接');
    expect(article('003', '政民互动汇聚合力,美好青岛未来可期')).toMatchObject({
      byline: '□本报记者 薄克国',
      dateline: null,
      date: '12月19日',
    });
    expect(article('001', '崂山区：“亮绩赛季”，高质量发展走在前').byline).toBe('（衣涛 邢轶凡）');
    expect(article('001', '用好用活“及时奖励” 激励干部干事创业').byline).toBe('（梁太宏 石绍军）');
    expect(article('003', '莱西人才配置工程推动乡村人才发展').dateline).toBe('本报莱西讯');
    expect(article('003', '青岛加大财政扶贫资金监管力度')).toMatchObject({ dateline: '本报青岛讯', date: null });
    expect(article('004', '青岛成立工业互联网专家协作联盟')).toMatchObject({
      byline: '□记者 薄克国 报道',
      dateline: '本报青岛讯',
      date: '3月30日',
    });
    expect(article('002', '青岛至法兰克福货运航线开通')).toMatchObject({
      byline: '□青岛日报/观海新闻记者 周建亮',
      dateline: '本报9月27日讯',
    });
  });

  it('starts an article at a byline printed without a headline', () => {
    const hall = page('003')[2];
    expect(hall.byline).toBe('□记者 薄克国 报道');
    expect(hall.body.startsWith('12月16日,青岛市市南区金门路街道政务公开“慧客厅”')).toBe(true);
    expect(hall.date).toBe('12月16日');
  });

  it('repairs paragraphs the layout broke mid-sentence', () => {
    expect(article('000', '青岛加快建设消费帮扶重点城市').body).toContain('培育地理标志农产品8个、绿色食品标志64个');
    expect(article('000', '上合示范区聚力扩能提质').body).toContain('国内国际国际双循环的战略枢纽。');
    expect(article('002', '加快布局人工智能产业,让AI“最懂青岛”').body).toContain(
      '离不开工程师给系统持续不断“喂”数据。',
    );
    expect(article('002', '医保平台上线新功能,市民办事“不跑腿”').body).toContain(
      '加快推进医保信息化建设和数字化转型作为保民生、促改革、强监管、医保服务的重要支撑。',
    );
    expect(article('003', '青岛即墨区领跑工业互联网时代').body).toContain('热情空前高涨。');
    expect(article('004', '青岛成立工业互联网专家协作联盟').body).toContain(
      '中国信息通信研究院南方分院(深圳信息通信研究院)',
    );
  });

  it('joins a column that continues another article to the article it continues', () => {
    const trial = article('001', '制造业企业数字化转型可“先试后转”');
    expect(trial.body).toContain('行业特点，企业降低在数字化转型上的试错成本');
    expect(trial.body).toContain('与此同时，青岛市搭建了工业互联网场景赋能公共服务平台');
    expect(article('001', '青岛做强“泡菜经济”，向韩出口“量价齐升”').body).not.toContain('试错成本');
    const alliance = article('004', '青岛成立工业互联网专家协作联盟');
    expect(alliance.body).toContain('市人力资源和社会保障局局长胡义瑛介绍');
    expect(alliance.body).not.toContain('清明假期');
    expect(page('004')[7]).toMatchObject({
      byline: '□记者 薄克国 报道',
      body: '清明假期,青岛中山公园樱花绽放,吸引游客争相拍照打卡,享受美好时光。',
    });
  });

  it('keeps the interleaved 三民 column inside its own article', () => {
    const people = article('003', '政民互动汇聚合力,美好青岛未来可期');
    expect(people.body).toContain('视频在落户过程中感受到了青岛各部门之间的高效配合。');
    expect(people.body).toContain('这种形式对于青岛“双招双引”有很大的推动作用。');
    expect(people.body.endsWith('作为一家深圳企业,来画')).toBe(true);
  });

  it('keeps section headings as paragraphs of their article', () => {
    expect(paragraphs(article('000', '青岛加快建设消费帮扶重点城市'))).toContain('拓展消费帮扶新模式');
    expect(paragraphs(article('000', '未来产业:“抢跑”新赛道 创建“先导区”'))).toContain('“确定一点”就“推进一步”');
    expect(paragraphs(article('001', '青岛做强“泡菜经济”，向韩出口“量价齐升”'))).toContain('扩大产能，抢抓订单');
    const people = paragraphs(article('003', '政民互动汇聚合力,美好青岛未来可期'));
    expect(people).toEqual(expect.arrayContaining(['“7+3”云述职', '家门口评议', '城市发展合伙人']));
  });
});

describe('parsePage on malformed input', () => {
  it('returns no articles for an empty or blank page', () => {
    expect(parsePage('empty.txt', '')).toEqual([]);
    expect(parsePage('blank.txt', ' \n\r\n\t\u3000\n')).toEqual([]);
  });

  it('reads a page without any headline cue as one article', () => {
    const source = '今天天气很好。我们去公园散步\n\n了很久。\n\n回家以后吃了晚饭。';
    const articles = parsePage('plain.txt', source);
    expect(articles).toHaveLength(1);
    expect(articles[0].body).toBe('今天天气很好。我们去公园散步了很久。\n回家以后吃了晚饭。');
    expect(articles[0].headline).toBe('今天天气很好');
    expectNothingLost(source);
  });

  it('reads Windows line endings like Unix ones', () => {
    for (const file of FILES) {
      const crlf = seed(file).replace(/\n/g, '\r\n');
      const articles = parsePage(file, crlf);
      expect(articles.map((a) => a.headline)).toEqual(HEADLINES[file]);
      expect(articles.map((a) => a.body)).toEqual(pages.get(file)!.map((a) => a.body));
      expectNothingLost(crlf);
    }
  });

  it('keeps a single huge paragraph whole', () => {
    const source = '青岛'.repeat(20000);
    const [only, ...rest] = parsePage('huge.txt', source);
    expect(rest).toEqual([]);
    expect(only.body).toBe(source);
    expectNothingLost(source);
  });

  it('loses nothing on odd fragments', () => {
    for (const source of [
      '□',
      '（张三）',
      '■\n\n□记者 报道\n本报讯',
      '标题——\n\n\n\n正文。\n(上接第一版)',
      '本报青岛讯',
      'a\nb\nc',
    ]) {
      expect(() => parsePage('odd.txt', source)).not.toThrow();
      expectNothingLost(source);
    }
  });
});
