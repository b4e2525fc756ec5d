import type { Config } from '../../src/app/config.js';
import { createCore, type CoreDeps } from '../../src/app/core.js';
import type { Core } from '../../src/domain/ports.js';
import { TestTelegram } from './telegram-server.js';
import { silentLog } from '../../src/observe/log.js';
import { tempWorkspace, testConfig } from './workspace.js';

export interface Testbed {
  workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  telegram: TestTelegram;
  config: Config;
  /** The real core, offline unless `env` names an API, its index built from a copy of the seeds. */
  core: Core;
  close(): Promise<void>;
}

/** What every end-to-end bot test stands on: a copy of the seeds, a loopback Bot API, the config and the core. */
export async function botTestbed(env: Record<string, string> = {}, deps: CoreDeps = {}): Promise<Testbed> {
  const workspace = await tempWorkspace();
  const telegram = await TestTelegram.start();
  const config = testConfig({
    DATA_DIR: workspace.dataDir,
    SEEDS_DIR: workspace.seedsDir,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    ...env,
  });
  const core = await createCore(config, { log: silentLog, ...deps });
  return {
    workspace,
    telegram,
    config,
    core,
    async close() {
      await core.close();
      await telegram.stop();
      await workspace.remove();
    },
  };
}
