import { parentPort } from 'node:worker_threads';
import { UserError, type UserErrorCode } from '../domain/types.js';
import { readReport } from '../ingest/report.js';
import { preparePage, type PageInput, type PreparedPage } from './prepare-page.js';

/**
 * The worker thread's side of `PageWork`: reading and preparing pages, the CPU work of a change,
 * away from the thread that answers questions. One task at a time, in the order asked.
 */

export type Task =
  | { op: 'read'; file: string; bytes: Uint8Array; maxBytes: number }
  | { op: 'prepare'; page: PageInput; offlineDim: number | null };

/** A refusal crosses the thread as its code and arguments: an Error sent across loses its class. */
export type Reply =
  | { id: number; value: string | PreparedPage }
  | { id: number; refused: { code: UserErrorCode; args: Record<string, string> } }
  | { id: number; failed: { message: string; stack?: string } };

async function perform(task: Task): Promise<string | PreparedPage> {
  return task.op === 'read'
    ? readReport(task.file, task.bytes, task.maxBytes)
    : preparePage(task.page, task.offlineDim);
}

async function reply(id: number, task: Task): Promise<Reply> {
  try {
    return { id, value: await perform(task) };
  } catch (error) {
    if (error instanceof UserError) return { id, refused: { code: error.code, args: error.args } };
    const { message, stack } = error as Error;
    return { id, failed: { message, stack } };
  }
}

const port = parentPort;
let queue = Promise.resolve();
port?.on('message', ({ id, task }: { id: number; task: Task }) => {
  queue = queue.then(async () => {
    const answer = await reply(id, task);
    try {
      port.postMessage(answer);
    } catch (error) {
      // What cannot be sent across (it should not happen) fails its task, not the ones after it.
      port.postMessage({ id, failed: { message: (error as Error).message } } satisfies Reply);
    }
  });
});
