import { randomBytes } from 'node:crypto';

interface Running {
  controller: AbortController;
  chatId: number;
  userId: number | undefined;
}

export type StopResult = 'stopped' | 'not-yours' | 'gone';

/** Where answers being written are registered: this process only, or every process sharing Redis. */
export interface StopRegistry {
  /** A new answer: its id for the ⏹ button, and the signal that stops it. */
  start(chatId: number, userId: number | undefined): { id: string; signal: AbortSignal };
  finish(id: string): void;
  /** Stops one answer, if `userId` may: its asker, or anyone the caller allows (an admin). */
  stop(id: string, userId: number | undefined, allowed?: boolean): Promise<StopResult>;
  /** /cancel: stops the answers this person is waiting for in this chat; how many. */
  stopAll(chatId: number, userId: number | undefined): Promise<number>;
}

/** Answers being written in this process, so a ⏹ tap or /cancel can stop the model call behind them. */
export class Stops {
  private readonly running = new Map<string, Running>();

  /** A new answer: its id for the ⏹ button, and the signal that stops it. */
  start(chatId: number, userId: number | undefined): { id: string; signal: AbortSignal } {
    const id = randomBytes(6).toString('base64url').replace(/-/g, '0');
    const controller = new AbortController();
    this.running.set(id, { controller, chatId, userId });
    return { id, signal: controller.signal };
  }

  has(id: string): boolean {
    return this.running.has(id);
  }

  finish(id: string): void {
    this.running.delete(id);
  }

  /** Stops one answer, if `userId` may: its asker, or anyone the caller allows (an admin). */
  stop(id: string, userId: number | undefined, allowed = false): StopResult {
    const answer = this.running.get(id);
    if (!answer) return 'gone';
    if (!allowed && answer.userId !== userId) return 'not-yours';
    answer.controller.abort();
    this.running.delete(id);
    return 'stopped';
  }

  /** /cancel: stops the answers this person is waiting for in this chat; how many. */
  stopAll(chatId: number, userId: number | undefined): number {
    let stopped = 0;
    for (const [id, answer] of this.running) {
      if (answer.chatId !== chatId || answer.userId !== userId) continue;
      answer.controller.abort();
      this.running.delete(id);
      stopped++;
    }
    return stopped;
  }
}

/** The registry of a single process. */
export function localStops(): StopRegistry {
  const stops = new Stops();
  return {
    start: (chatId, userId) => stops.start(chatId, userId),
    finish: (id) => stops.finish(id),
    stop: async (id, userId, allowed) => stops.stop(id, userId, allowed),
    stopAll: async (chatId, userId) => stops.stopAll(chatId, userId),
  };
}
