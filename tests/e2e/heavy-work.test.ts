import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmStart, tempWorkspace } from '../support/workspace.js';
import { TestTelegram, freePort } from '../support/telegram-server.js';

const ADMIN = 701;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A page of 600 articles, 3.8 MB: parsing, chunking and embedding it takes seconds, even linearly. */
function bigPage(figure: number): Uint8Array {
  const paragraph = (i: number) =>
    `本报青岛讯 第${i}段：青岛港今年完成货物吞吐量${i}万吨，同比增长百分之五，新建口袋公园${figure}个。`;
  const article = (a: number) =>
    `港口建设第${a}篇报道\n\n${Array.from({ length: 20 }, (_, i) => paragraph(a * 20 + i)).join('\n\n')}`;
  return new TextEncoder().encode(Array.from({ length: 600 }, (_, a) => article(a)).join('\n\n\n'));
}

/**
 * The work of an upload (reading, parsing, chunking, embedding) runs on a worker thread of
 * `npm start`: while it runs, /healthz and readers are answered, and SIGTERM ends the process.
 */
describe('heavy work off the answering thread', () => {
  let workspace: Awaited<ReturnType<typeof tempWorkspace>>;
  let telegram: TestTelegram;
  let healthPort: number;
  let bot: ReturnType<typeof npmStart>;

  beforeAll(async () => {
    workspace = await tempWorkspace();
    telegram = await TestTelegram.start();
    healthPort = await freePort();
    bot = npmStart({
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      HEALTH_PORT: String(healthPort),
      ADMIN_USER_IDS: String(ADMIN),
      MAX_UPLOAD_BYTES: '4000000',
      RATE_LIMIT_PER_MINUTE: '100',
    });
    for (let i = 0; i < 600 && (await get('/readyz'))?.status !== 200; i++) await sleep(100);
  });

  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await telegram?.stop();
    await workspace?.remove();
  });

  const get = (route: string) => fetch(`http://127.0.0.1:${healthPort}${route}`).catch(() => null);

  /** Sends the page as the admin and waits until the bot says it is adding it. */
  async function upload(name: string, figure: number): Promise<void> {
    await telegram.user({ userId: ADMIN }).sendDocument(name, bigPage(figure));
    await telegram.waitFor(ADMIN, (m) => m.text.includes('正在加入') && m.text.includes(name), 30_000);
  }

  it('ends within its grace period on SIGTERM during an upload', async () => {
    await upload('port-2.txt', 102);
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const code = await bot.exited;
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(code).toBe(0);
  }, 90_000);
});
