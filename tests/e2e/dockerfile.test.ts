import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../support/workspace.js';
import { buildWithoutEngine, cleanCopy, type BuiltImage } from '../support/dockerfile.js';
import { TestTelegram, freePort } from '../support/telegram-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * There is no container engine here: the Dockerfile's own steps are run, in order, in a clean
 * copy of the repository, and the image's command is started as the container would start it.
 */
describe('the Dockerfile, its steps run without a container engine', () => {
  let root: string;
  let image: BuiltImage;
  let telegram: TestTelegram;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'qd-docker-'));
    const context = path.join(root, 'context');
    await cleanCopy(REPO, context);
    image = await buildWithoutEngine(
      await readFile(path.join(context, 'Dockerfile'), 'utf8'),
      context,
      root,
      path.join(root, 'volume'),
    );
    telegram = await TestTelegram.start();
  }, 240_000);

  afterAll(async () => {
    await telegram?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('builds an image without the dev toolchain, which starts, reports healthy, answers and stops', async () => {
    expect(image.skipped).toEqual(['mkdir -p /data && chown node:node /data # container-only']);
    const installed = (name: string) =>
      spawnSync(process.execPath, ['-e', `require.resolve('${name}')`], { cwd: image.appDir }).status === 0;
    expect(installed('grammy')).toBe(true);
    expect(installed('tsx')).toBe(false);
    expect(installed('typescript')).toBe(false);

    const healthPort = await freePort();
    const env = {
      ...image.env,
      PATH: process.env.PATH ?? '',
      HEALTH_PORT: String(healthPort),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    };
    const [command, ...args] = image.cmd;
    const bot = spawn(command === 'node' ? process.execPath : command, args, { cwd: image.appDir, env });
    let stderr = '';
    bot.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => bot.on('exit', (code) => resolve(code)));
    try {
      const healthcheck = () =>
        spawnSync(process.execPath, image.healthcheck!.slice(1), { cwd: image.appDir, env }).status;
      let status = healthcheck();
      for (let i = 0; i < 300 && status !== 0; i++) {
        await sleep(100);
        status = healthcheck();
      }
      expect(status).toBe(0);
      await telegram.user({ userId: 601 }).say('青岛去年帮中西部卖了多少农产品？');
      await telegram.waitFor(601, (m) => m.text.includes('50.1亿元'));
      // JSON log lines, as a container's log collector reads them.
      expect(
        stderr
          .trim()
          .split('\n')
          .every((line) => line.startsWith('{')),
      ).toBe(true);
    } finally {
      bot.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
