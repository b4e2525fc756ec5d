import { execFileSync } from 'node:child_process';
import { REPO } from './workspace.js';

/**
 * Builds dist/ once for the tests that run `npm start` as a user does: they skip its prestart
 * build, which several test files would otherwise run into the same folder at the same time.
 */
export default function setup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: 'inherit' });
}
