import { UserError } from '../domain/types.js';

/**
 * How long reading one uploaded file may take. A page is read in well under a second; twenty
 * seconds means a document built to hold the bot, which answers nobody while it reads.
 */
export const READ_SECONDS = 20;

/** Where a reader is, for the message that says where it stopped. */
export type ReadStage = { stage: 'unpacking' | 'text' } | { stage: 'page'; page: number; pages: number };

/** What reading one file may spend: time on the clock and characters of text. */
export interface ReadBudget {
  /** Refuses, saying where reading stopped, once the time is spent. */
  checkTime(stage: ReadStage): void;
  /** Refuses a text of more than the allowed characters. */
  checkLength(characters: number): void;
}

export function readBudget(
  fileName: string,
  limits: { maxCharacters: number; seconds?: number; now?: () => number },
): ReadBudget {
  const now = limits.now ?? Date.now;
  const seconds = limits.seconds ?? READ_SECONDS;
  const deadline = now() + seconds * 1000;
  return {
    checkTime(stage) {
      if (now() <= deadline) return;
      throw new UserError('file-read-too-slow', { file: fileName, seconds, page: 0, pages: 0, ...stage });
    },
    checkLength(characters) {
      if (characters <= limits.maxCharacters) return;
      throw new UserError('file-too-much-text', { file: fileName, max: limits.maxCharacters });
    },
  };
}
