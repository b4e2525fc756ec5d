import { describe, expect, it } from 'vitest';
import { readPage } from '../../src/ingest/articles.js';

const PAGE = `<!doctype html><html><head><title>青岛日报 - 数字报</title>
<meta name="publishdate" content="2025-02-27">
<meta name="section" content="第1版 要闻">
<link rel="canonical" href="https://epaper.example.com/2025-02-27/01/a3.html">
</head><body><nav><a href="/">首页</a></nav>
<h1>青岛加快建设消费帮扶重点城市</h1>
<p>2024年累计帮销中西部地区农特产品50.1亿元&amp;更多。</p>
<script>var p = "<p>不是正文</p>";</script>
<p>  帮扶  <b>成效</b>显著。 </p>
</body></html>`;

describe('HTML article pages', () => {
  it('reads the headline, paragraphs, date, page and link of an e-paper article page', () => {
    const { articles, articleSources } = readPage('a3.html', PAGE);
    expect(articles).toHaveLength(1);
    expect(articles[0].headline).toBe('青岛加快建设消费帮扶重点城市');
    expect(articles[0].body).toBe('2024年累计帮销中西部地区农特产品50.1亿元&更多。\n帮扶 成效显著。');
    expect(articles[0].date).toBe('2025-02-27');
    expect(articleSources).toEqual([
      { published: '2025-02-27', page: '第1版 要闻', url: 'https://epaper.example.com/2025-02-27/01/a3.html' },
    ]);
  });

  it('takes the title when there is no h1, and refuses a page without paragraphs with a message code', () => {
    expect(readPage('b.html', '<title>标题</title><p>正文。</p>').articles[0].headline).toBe('标题');
    expect(() => readPage('c.html', '<title>标题</title><div>目录</div>')).toThrow(
      expect.objectContaining({ code: 'article-no-body' }),
    );
  });

  it('reads a large page in linear time', () => {
    const page = `<h1>长文</h1>${'<p>第一段正文，说明了发生的事情。</p>'.repeat(20_000)}`;
    const started = performance.now();
    expect(readPage('big.html', page).articles[0].body.split('\n')).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
