import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from './workspace.js';

/**
 * Builds dist/ once, when a source is newer than it, for the tests that run `npm start` as a user
 * does: they skip its prestart, which several test files would otherwise run into the same folder
 * at the same time.
 */
export default function setup(): void {
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build-if-stale.mjs')], { cwd: REPO, stdio: 'inherit' });
}
