import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app/core.js';
import { silentLog } from '../../src/observe/log.js';
import { dictionaryLoaded } from '../../src/text/crosslingual.js';
import { tempWorkspace, testConfig } from '../support/workspace.js';

/** The first English question is as fast as the hundredth: the answerer loads the dictionary at start. */
describe('start-up of an answering core', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;

  beforeAll(async () => {
    workspace = await tempWorkspace();
  });
  afterAll(() => workspace.remove());

  it('has the English dictionary loaded before it answers', async () => {
    const config = testConfig({ DATA_DIR: workspace.dataDir, SEEDS_DIR: workspace.seedsDir });
    expect(dictionaryLoaded()).toBe(false);
    const core = await createCore(config, { log: silentLog, preload: true });
    expect(dictionaryLoaded()).toBe(true);
    expect((await core.ask('What did the pickle factory export?')).text).not.toBe('');
    await core.close();
  });
});
