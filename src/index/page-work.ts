import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../domain/types.js';
import { readReport } from '../ingest/report.js';
import type { Log } from '../observe/log.js';
import type { Reply, Task } from './page-worker.js';
import { preparePage, type PageInput, type PreparedPage } from './prepare-page.js';

/** The CPU work of a change to the index: reading a page's file, then parsing, chunking and (offline) embedding it. */
export interface PageWork {
  read(file: string, bytes: Uint8Array, maxBytes: number): Promise<string>;
  prepare(page: PageInput, offlineDim: number | null): Promise<PreparedPage>;
  /**
   * Gives the thread's memory back now if it has no work in hand (the next task starts it again):
   * a build's end, LanceDB's compaction and index build, then needs no page parsed.
   */
  rest(): void;
  /** Ends the work in hand (its change fails and is undone) and the thread doing it. */
  close(): Promise<void>;
}

/** On the calling thread: for tests of the index that answer no one meanwhile. */
export const inThisThread: PageWork = {
  read: (file, bytes, maxBytes) => readReport(file, bytes, maxBytes),
  prepare: async (page, offlineDim) => preparePage(page, offlineDim),
  rest: () => undefined,
  close: async () => undefined,
};

/** A page's work that takes more heap than this is stopped, rather than take the bot down with it. */
const WORKER_HEAP_MB = 1_024;
/** An idle worker gives its memory back; the next change starts one again (in a fraction of a second). */
const IDLE_MS = 30_000;

interface Waiting {
  file: string;
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

/**
 * On one worker thread, so that questions and /healthz are answered while a page is read and
 * parsed. Written here rather than taken from a pool library (piscina, tinypool): a pool's worker
 * loads its task module itself, which a thread cannot do from TypeScript source on Node 20 (tsx's
 * loader does not reach it), and one thread is all the index needs, as it takes one change at a
 * time. A worker that dies (out of memory, a crash) fails the tasks it had, with a message in
 * words, and the next task starts a new one.
 */
export function inWorkerThread(log: Log): PageWork {
  let worker: Worker | null = null;
  let idle: NodeJS.Timeout | undefined;
  let next = 0;
  const waiting = new Map<number, Waiting>();

  /** Ends `from` if it is the worker in use, failing the tasks it had. */
  const fail = (from: Worker, error: Error & { code?: string }) => {
    if (worker !== from) return;
    worker = null;
    void from.terminate();
    for (const { file, reject } of waiting.values()) reject(workFailed(error, file, log));
    waiting.clear();
  };
  const settle = (from: Worker, reply: Reply) => {
    const task = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('value' in reply) task?.resolve(reply.value as never);
    else if ('refused' in reply) task?.reject(new UserError(reply.refused.code, reply.refused.args));
    else task?.reject(workFailed(Object.assign(new Error(reply.failed.message), reply.failed), task.file, log));
    if (waiting.size) return;
    // Idle: it no longer keeps the process alive, and ends after a while.
    from.unref();
    idle = setTimeout(() => fail(from, new Error('idle')), IDLE_MS).unref();
  };
  const start = (): Worker => {
    const started = spawnWorker();
    started.on('message', (reply: Reply) => settle(started, reply));
    started.on('error', (error: Error) => fail(started, error));
    started.on('exit', (code) => fail(started, new Error(`the worker thread exited with code ${code}`)));
    return started;
  };
  const run = <T>(file: string, task: Task): Promise<T> => {
    clearTimeout(idle);
    worker ??= start();
    worker.ref();
    const id = next++;
    const sent = worker;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { file, resolve: resolve as (value: never) => void, reject });
      sent.postMessage({ id, task });
    });
  };
  return {
    read: (file, bytes, maxBytes) => run(file, { op: 'read', file, bytes, maxBytes }),
    prepare: (page, offlineDim) => run(page.file, { op: 'prepare', page, offlineDim }),
    rest() {
      if (!worker || waiting.size) return;
      clearTimeout(idle);
      fail(worker, new Error('idle'));
    },
    async close() {
      clearTimeout(idle);
      const closing = worker;
      if (closing) fail(closing, new Error('the bot is stopping'));
    },
  };
}

/** What the admin is told when the worker died or threw: in words, the details in the log. */
function workFailed(error: Error & { code?: string }, file: string, log: Log): UserError {
  log.error({ err: error, file }, `reading ${file} on the worker thread failed; the index is unchanged`);
  return error.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? new UserError('page-work-out-of-memory', { file, max: WORKER_HEAP_MB })
    : new UserError('page-work-failed', { file });
}

/**
 * The built JavaScript module next to this one; from TypeScript source (tsx, vitest), a few lines
 * that register tsx's loader in the new thread first, which on Node 20 it does not inherit.
 */
function spawnWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./page-worker.js', import.meta.url), { resourceLimits });
  const tsx = tsxRegisterUrl();
  const source = new URL('./page-worker.ts', import.meta.url).href;
  const boot = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(source)});`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/** tsx's ESM `register`, as its package exports it to `import` (`require.resolve` finds the CommonJS one). */
function tsxRegisterUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
}
