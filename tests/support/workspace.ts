import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { loadConfig, type Config } from '../../src/app/config.js';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** A temporary DATA_DIR and a copy of the seeds, so tests never touch ./data or ./seeds. */
export async function tempWorkspace(): Promise<{
  dir: string;
  dataDir: string;
  seedsDir: string;
  remove: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qd-test-'));
  const seedsDir = path.join(dir, 'seeds');
  await cp(path.join(REPO, 'seeds'), seedsDir, { recursive: true });
  return { dir, dataDir: path.join(dir, 'data'), seedsDir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Configuration for a test: offline unless the overrides say otherwise. */
export function testConfig(overrides: Record<string, string>): Config {
  return loadConfig({ ...overrides }, REPO);
}

/**
 * Runs one of the package's command-line tools as a user would, with only the given environment:
 * a script in src/ as `npm run ask` and `npm run ingest` do (through tsx), one in dist/ (built by
 * the tests' global setup) as `npm start` does.
 */
export function runTool(
  script: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...(script.endsWith('.ts') ? ['--import', 'tsx'] : ['--enable-source-maps']), path.join(REPO, script), ...args],
      {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * `npm start` as a process manager runs it (dist/ is built once by the tests' global setup, so
 * its prestart build is skipped), offline, with only the given environment.
 */
export function npmStart(env: Record<string, string>): {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn('npm', ['start', '--silent', '--ignore-scripts'], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      OPENAI_API_KEY: '',
      EMBEDDING_API_KEY: '',
      ...env,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}
