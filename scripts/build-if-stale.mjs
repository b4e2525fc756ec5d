// `npm start`'s prestart: compiles src/ into dist/ only when a source is newer than what was built
// from it, or has nothing built from it yet; a start with an up-to-date dist/ skips tsc's seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every file under `dir`, with its path relative to `dir`; none when it does not exist. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)));
}

const mtime = (file) => statSync(file).mtimeMs;

/** What tsc compiles a source to: `a/b.ts` → `a/b.js`; declarations and non-TypeScript files to nothing. */
function outputOf(source) {
  return /\.[cm]?ts$/.test(source) && !/\.d\.[cm]?ts$/.test(source) ? source.replace(/ts$/, 'js') : null;
}

/**
 * Why `root`'s dist/ must be built again, or null when it is up to date: a source under src/, a
 * tsconfig*.json or package.json newer than the oldest compiled file, or a source with no output.
 * A tree without src/ (an image that ships dist/ alone) is never stale.
 */
function staleReason(root) {
  const src = path.join(root, 'src');
  const dist = path.join(root, 'dist');
  const sources = filesUnder(src);
  if (!sources.length) return null;
  const compiled = filesUnder(dist).filter((file) => file.endsWith('.js'));
  if (!compiled.length) return 'dist/ has not been built';
  const built = new Set(compiled);
  const missing = sources.find((source) => outputOf(source) !== null && !built.has(outputOf(source)));
  if (missing) return `src/${missing} has not been built`;
  const builtAt = Math.min(...compiled.map((file) => mtime(path.join(dist, file))));
  const settings = readdirSync(root).filter((name) => /^tsconfig.*\.json$/.test(name) || name === 'package.json');
  const inputs = [...sources.map((source) => path.join('src', source)), ...settings];
  const newer = inputs.find((input) => mtime(path.join(root, input)) > builtAt);
  return newer ? `${newer} is newer than dist/` : null;
}

/** The project's root: this script's parent folder, or the folder given (for tests). */
function main(root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')) {
  const reason = staleReason(root);
  if (!reason) return;
  process.stderr.write(`${reason}: building (npm run build)…\n`);
  // npm runs prebuild (a clean dist/) before tsc, as a build by hand does.
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  process.exitCode = build.status ?? 1;
}

main(process.argv[2]);
