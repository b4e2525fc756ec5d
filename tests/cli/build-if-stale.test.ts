import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from '../support/workspace.js';

const SCRIPT = path.join(REPO, 'scripts', 'build-if-stale.mjs');

/** A "compiler" that writes dist/<name>.js for each src/<name>.ts and counts its runs. */
const BUILD = `
import { appendFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
mkdirSync('dist', { recursive: true });
for (const name of readdirSync('src')) writeFileSync('dist/' + name.replace(/ts$/, 'js'), '');
appendFileSync('builds.log', 'built\\n');
`;

describe("npm start's build-if-stale", () => {
  let root: string;
  const run = () => execFileSync(process.execPath, [SCRIPT, root], { stdio: 'pipe' });
  const builds = async () =>
    (await readFile(path.join(root, 'builds.log'), 'utf8').catch(() => '')).split('\n').length - 1;
  /** Sets a file's modification time `seconds` from now: 0 as an edit does. */
  const age = (file: string, seconds: number) => {
    const at = new Date(Date.now() + seconds * 1000);
    return utimes(path.join(root, file), at, at);
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'qd-build-if-stale-'));
    await writeFile(path.join(root, 'package.json'), JSON.stringify({ scripts: { build: 'node build.mjs' } }));
    await writeFile(path.join(root, 'build.mjs'), BUILD);
    await mkdir(path.join(root, 'src'));
    await writeFile(path.join(root, 'src', 'a.ts'), 'export {};');
    await age('package.json', -60);
    await age('src/a.ts', -60);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('builds a tree never built, then not again until a source or setting is newer than dist/', async () => {
    run();
    expect(await builds()).toBe(1);
    run();
    expect(await builds()).toBe(1);
    await age('src/a.ts', 0);
    run();
    expect(await builds()).toBe(2);
    await writeFile(path.join(root, 'tsconfig.build.json'), '{}');
    await age('tsconfig.build.json', 0);
    run();
    expect(await builds()).toBe(3);
    run();
    expect(await builds()).toBe(3);
  });

  it('builds a source that has no output yet, however old it is', async () => {
    run();
    await writeFile(path.join(root, 'src', 'b.ts'), 'export {};');
    await age('src/b.ts', -3600);
    run();
    expect(await builds()).toBe(2);
  });

  it('leaves a tree without sources alone (an image that ships dist/ only)', async () => {
    await rm(path.join(root, 'src'), { recursive: true });
    run();
    expect(await builds()).toBe(0);
  });
});
