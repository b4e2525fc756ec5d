import { afterAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool, tempWorkspace } from '../support/workspace.js';

/** `printf '…' | npm start` without a token: the same bot, as a chat in the terminal. */
describe('npm start without a token (terminal sandbox)', () => {
  const workspaces: Array<Awaited<ReturnType<typeof tempWorkspace>>> = [];
  afterAll(() => Promise.all(workspaces.map((workspace) => workspace.remove())));

  /** Pages and a DATA_DIR of the test's own, and the environment that points at them. */
  async function sandbox() {
    const workspace = await tempWorkspace();
    workspaces.push(workspace);
    // Empty values keep a developer's .env (dotenv never overrides) from connecting to Telegram.
    const env = {
      DATA_DIR: workspace.dataDir,
      SEEDS_DIR: workspace.seedsDir,
      TELEGRAM_BOT_TOKEN: '',
      OPENAI_API_KEY: '',
      EMBEDDING_API_KEY: '',
    };
    return { workspace, env };
  }

  it('says it is the sandbox, answers with citations, opens a source, votes, and exits 0 at end of input', async () => {
    const { workspace, env } = await sandbox();
    const run = await runTool(
      'dist/cli/start.js',
      [],
      env,
      '青岛去年帮中西部卖了多少农产品？\n/tap 1\n/tap 👍\n/nonsense\n',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Sandbox/);
    expect(lines[0]).toContain('set it to connect a real Telegram bot');
    expect(lines.slice(0, 2).join('\n')).toContain('/tap 1');
    expect(run.stdout).toContain('50.1亿元');
    expect(run.stdout).toMatch(/\[1\]/);
    expect(run.stdout).toContain('来源');
    expect(run.stdout).toMatch(/\[📄 1 青岛加快建设消费帮扶重点城市\]/);
    expect(run.stdout).toMatch(
      // A reader sees where the passage was printed, not its file name or how its date was found.
      /🤖 📄 青岛加快建设消费帮扶重点城市\n {3}青岛日报 2025年2月27日\n {3}\n {3}2024年,青岛市/,
    );
    expect(run.stdout).toContain('(谢谢点赞 👍)');
    expect(run.stdout).toContain('没有 /nonsense 这个命令');
    const vote = JSON.parse(await readFile(path.join(workspace.dataDir, 'feedback.jsonl'), 'utf8'));
    expect(vote).toMatchObject({ vote: 'up', question: '青岛去年帮中西部卖了多少农产品？' });
  });

  it('lets the sandbox user, an admin, reindex and add a page', async () => {
    const { workspace, env } = await sandbox();
    const page = path.join(workspace.dir, 'laoshan.txt');
    await writeFile(
      page,
      '崂山区智慧灯杆建设提速\n\n□青岛日报/观海新闻记者 测试\n\n本报3月5日讯 崂山区今年新建智慧灯杆3721根，覆盖主要道路和景区。\n',
    );
    const run = await runTool('dist/cli/start.js', [], env, `/reindex\n/upload ${page} 2025-03-05 第2版\n/pages\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✅ 索引已重建：5 个版面，\d+ 篇文章，\d+ 个片段/);
    expect(run.stdout).toMatch(/已加入 laoshan\.txt。索引：6 个版面/);
    // The caption gave its date and page: it is the newest page.
    expect(run.stdout).toMatch(/已收录 6 个版面\n {3}• 青岛日报 2025年3月5日 第2版 · laoshan\.txt/);
  });

  it('names the file when its answer log cannot be opened', async () => {
    const { workspace, env } = await sandbox();
    const dataDir = path.join(workspace.dir, 'broken-data');
    await mkdir(path.join(dataDir, 'answers.jsonl'), { recursive: true });
    const run = await runTool(
      'dist/cli/start.js',
      [],
      { ...env, DATA_DIR: dataDir },
      '青岛去年帮中西部卖了多少农产品？\n',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${path.join(dataDir, 'answers.jsonl')} is a folder, not the bot's answer log`);
  });
});
