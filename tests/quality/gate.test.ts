import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../src/app/core.js';
import { judge, parseQuestionSet, summarize, type EvalSummary } from '../../src/eval/metrics.js';
import { inScript } from '../../src/text/script.js';
import { silentLog } from '../../src/observe/log.js';
import type { Core } from '../../src/domain/ports.js';
import { REPO, tempWorkspace, testConfig } from '../support/workspace.js';

/**
 * The figures docs/quality.md reports, as floors: offline, on the five seed pages. A change that
 * lowers one fails here rather than leaving them wrong. Raise a floor when a change raises
 * its figure.
 */
const FLOORS = {
  dev: { recallAtK: 0.97, answerHit: 0.91, refusalAccuracy: 1, falseRefusalRate: 0.03 },
  heldOut: { recallAtK: 0.88, answerHit: 0.61, refusalAccuracy: 0.54, falseRefusalRate: 0.21 },
};
/** The dev set in traditional characters scores within this of the simplified one. */
const SCRIPT_GAP = 0.02;

describe('quality gate (offline, the seed pages)', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let core: Core;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    workspace = await tempWorkspace();
    core = await createCore(testConfig({ DATA_DIR: workspace.dataDir, SEEDS_DIR: workspace.seedsDir }), {
      log: silentLog,
    });
    for (const file of await readdir(workspace.seedsDir)) {
      pages.set(file, await readFile(path.join(workspace.seedsDir, file), 'utf8'));
    }
  });
  afterAll(async () => {
    await core?.close();
    await workspace?.remove();
  });

  async function score(set: string, rewrite: (question: string) => string = (q) => q): Promise<EvalSummary> {
    const questions = parseQuestionSet(await readFile(path.join(REPO, 'tests/fixtures', set), 'utf8'));
    const results = [];
    for (const question of questions) {
      const asked = { ...question, question: rewrite(question.question) };
      results.push(judge(asked, await core.ask(asked.question), 5, 0, (file) => pages.get(file) ?? ''));
    }
    return summarize(results, 5);
  }

  function atLeast(summary: EvalSummary, floors: (typeof FLOORS)['dev']): void {
    expect(summary.recallAtK).toBeGreaterThanOrEqual(floors.recallAtK);
    expect(summary.answerHit).toBeGreaterThanOrEqual(floors.answerHit);
    expect(summary.refusalAccuracy).toBeGreaterThanOrEqual(floors.refusalAccuracy);
    expect(summary.falseRefusalRate).toBeLessThanOrEqual(floors.falseRefusalRate);
  }

  it('keeps the dev set at its figures, in simplified and in traditional characters', async () => {
    const simplified = await score('dev.jsonl');
    atLeast(simplified, FLOORS.dev);
    const traditional = await score('dev.jsonl', (question) => inScript(question, 'traditional'));
    expect(Math.abs(traditional.recallAtK - simplified.recallAtK)).toBeLessThanOrEqual(SCRIPT_GAP);
    expect(Math.abs(traditional.answerHit - simplified.answerHit)).toBeLessThanOrEqual(SCRIPT_GAP);
    expect(traditional.refusalAccuracy).toBe(simplified.refusalAccuracy);
  });

  it('keeps the held-out set of reader styles at its figures', async () => {
    atLeast(await score('heldout-styles.jsonl'), FLOORS.heldOut);
  });
});
