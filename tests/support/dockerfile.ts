import { execFileSync, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, with continuation lines joined and comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

export interface BuiltImage {
  /** The last stage's folder: /app in the image. */
  appDir: string;
  /** The last stage's ENV, with image paths mapped to folders on this machine. */
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[] | null;
  /** RUN steps marked container-only, not run here. */
  skipped: string[];
}

/**
 * Runs a Dockerfile's steps without a container engine: each stage is a folder standing for its
 * /app, COPY copies from the build context (or an earlier stage), RUN runs there with the
 * stage's ENV. Only what this project's Dockerfile uses is understood; anything else fails, so
 * a new instruction cannot slip past the test unrun.
 */
export async function buildWithoutEngine(
  dockerfile: string,
  context: string,
  root: string,
  dataDir: string,
): Promise<BuiltImage> {
  const stages = new Map<string, string>();
  let stageDir = '';
  let env: Record<string, string> = {};
  let cmd: string[] = [];
  let healthcheck: string[] | null = null;
  const skipped: string[] = [];
  const npmCache = await privateNpmCache(root);
  const toHost = (value: string, dir = stageDir) =>
    value.replace(/(^|[\s=])\/app(?=\/|\s|$)/g, `$1${dir}`).replace(/(^|[\s=])\/data(?=\/|\s|$)/g, `$1${dataDir}`);

  for (const { keyword, args } of parseDockerfile(dockerfile)) {
    switch (keyword) {
      case 'FROM': {
        const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${stages.size}`;
        stageDir = path.join(root, name);
        await mkdir(stageDir, { recursive: true });
        stages.set(name, stageDir);
        env = {};
        break;
      }
      case 'WORKDIR':
        if (args !== '/app') throw new Error(`WORKDIR ${args}: only /app is understood`);
        break;
      case 'ENV':
        for (const pair of args.split(/\s+/)) {
          const [key, value] = pair.split('=');
          env[key] = toHost(value);
        }
        break;
      case 'COPY': {
        const words = args.split(/\s+/);
        const from = words[0].startsWith('--from=') ? stages.get(words.shift()!.slice('--from='.length)) : null;
        const dest = words.pop()!;
        for (const source of words) {
          const sourcePath = from ? toHost(source, from) : path.join(context, source);
          const target = dest.endsWith('/')
            ? path.join(stageDir, dest, path.basename(source))
            : path.join(stageDir, dest);
          await cp(sourcePath, target, { recursive: true });
        }
        break;
      }
      case 'RUN':
        if (/#\s*container-only\s*$/.test(args)) skipped.push(args);
        else
          execSync(toHost(args), {
            cwd: stageDir,
            env: {
              PATH: process.env.PATH ?? '',
              HOME: process.env.HOME ?? '',
              npm_config_cache: npmCache,
              npm_config_prefer_offline: 'true',
              ...env,
            },
            stdio: 'pipe',
          });
        break;
      case 'CMD':
        cmd = JSON.parse(args) as string[];
        break;
      case 'HEALTHCHECK':
        healthcheck = JSON.parse(args.slice(args.indexOf('CMD ') + 4)) as string[];
        break;
      case 'VOLUME':
      case 'USER':
      case 'EXPOSE':
        break;
      default:
        throw new Error(`${keyword}: not understood by the test's Dockerfile runner`);
    }
  }
  return { appDir: stageDir, env, cmd, healthcheck, skipped };
}

/**
 * npm's cache for the RUN steps: a copy of this machine's, so that `npm ci` reads the packages
 * from disk rather than the registry, and the image's `npm cache clean --force` empties the copy
 * rather than the cache every other install here uses. Content files are hard links (npm never
 * rewrites one in place); the index, which npm appends to, is copied.
 */
async function privateNpmCache(root: string): Promise<string> {
  const cache = path.join(root, 'npm-cache');
  const own = path.join(execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim(), '_cacache');
  await mkdir(path.join(cache, '_cacache'), { recursive: true });
  if (!existsSync(path.join(own, 'content-v2'))) return cache;
  await cp(path.join(own, 'index-v5'), path.join(cache, '_cacache', 'index-v5'), { recursive: true });
  const content = path.join(cache, '_cacache', 'content-v2');
  try {
    execFileSync('cp', ['-al', path.join(own, 'content-v2'), content]);
  } catch {
    await cp(path.join(own, 'content-v2'), content, { recursive: true });
  }
  return cache;
}

/** The repository as a fresh clone would have it: tracked files and new ones not ignored. */
export async function cleanCopy(repo: string, into: string): Promise<void> {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  // A tracked file deleted in the working tree is not in a clone of what is about to be committed.
  for (const file of files)
    await cp(path.join(repo, file), path.join(into, file), { recursive: true }).catch(() => undefined);
}
