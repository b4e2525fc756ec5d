import { UserError } from '../domain/types.js';

/**
 * How long reading one uploaded file may take. A page is read in well under a second; twenty
 * seconds means a document built to hold the bot, which answers nobody while it reads.
 */
export const READ_SECONDS = 20;

/** Where a reader is, in both languages, for the message that says where it stopped. */
export interface ReadStage {
  en: string;
  zh: string;
}

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
      throw new UserError(
        `${fileName} took more than ${seconds} s to read (stopped at ${stage.en}): send a smaller file`,
        `${fileName} 读取超过 ${seconds} 秒（停在${stage.zh}）：请发送较小的文件`,
      );
    },
    checkLength(characters) {
      if (characters <= limits.maxCharacters) return;
      throw new UserError(
        `${fileName} holds too much text: more than ${limits.maxCharacters} characters`,
        `${fileName} 文字太多：超过 ${limits.maxCharacters} 个字符`,
      );
    },
  };
}
