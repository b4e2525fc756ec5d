import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOpenAIServer } from '../support/openai-server.js';
import { tempWorkspace, testConfig } from '../support/workspace.js';
import { createCore } from '../../src/app/core.js';
import type { Core } from '../../src/domain/ports.js';
import { logInto } from '../support/log.js';

const QUESTION = '青岛去年帮中西部卖了多少农产品？';

/** The optional reranker: a /rerank API on loopback, reordering what search fused. */
describe('reranking with a /rerank API on loopback', () => {
  const reranker = new FakeOpenAIServer({ apiKey: 'sk-rerank-key' });
  const logs: string[] = [];
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let core: Core;
  let close: () => Promise<void>;

  beforeAll(async () => {
    workspace = await tempWorkspace();
    const started = await reranker.start();
    close = started.close;
    core = await createCore(
      testConfig({
        DATA_DIR: workspace.dataDir,
        SEEDS_DIR: workspace.seedsDir,
        RERANK_MODEL: 'test-rerank',
        RERANK_BASE_URL: started.url,
        RERANK_API_KEY: 'sk-rerank-key',
        LLM_TIMEOUT_MS: '1500',
      }),
      { log: logInto(logs) },
    );
  });
  beforeEach(() => {
    reranker.reset();
    logs.length = 0;
  });
  afterAll(async () => {
    await core.close();
    await close();
    await workspace.remove();
  });

  it('sends the question and the fused candidates, and answers in the order it returns', async () => {
    const answer = await core.ask(QUESTION);
    expect(answer.text).toContain('50.1亿元');
    const [request] = reranker.requests;
    expect(request).toMatchObject({ path: '/v1/rerank', authorization: 'Bearer sk-rerank-key' });
    expect(request.body).toMatchObject({ model: 'test-rerank', query: QUESTION });
    expect(request.body.documents.length).toBeGreaterThan(5);

    // A reranker that prefers another article puts it first: its order, not the fused one, is used.
    const overlap = reranker.rerankScore;
    reranker.rerankScore = (_query, document) => (document.includes('长护险') ? 1 : 0);
    try {
      const reordered = await core.ask(QUESTION);
      expect(`${reordered.retrieved[0].headline}\n${reordered.retrieved[0].text}`).toContain('长护险');
    } finally {
      reranker.rerankScore = overlap;
    }
  });

  it('keeps the fused order when the reranker returns garbage or hangs, and says so', async () => {
    reranker.inject({ kind: 'garbage', body: '{"results": "soon"}', contentType: 'application/json' });
    expect((await core.ask(QUESTION)).text).toContain('50.1亿元');
    expect(logs.join('\n')).toMatch(/"kind":"garbage".*reranking failed; the fused order stands/);

    reranker.inject({ kind: 'hang' });
    const started = Date.now();
    expect((await core.ask(QUESTION)).text).toContain('50.1亿元');
    // Bounded by the question's time budget (1.5 s here), not the reranker's silence.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(logs.join('\n')).toMatch(/"kind":"timeout".*reranking failed/);
    expect(await core.metrics.registry.metrics()).toMatch(/^qa_api_errors_total\{api="rerank",kind="garbage"\} 1$/m);
  });
});
