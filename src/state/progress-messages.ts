import path from 'node:path';
import { JsonLinesFile } from './json-lines.js';

/** A progress message (⏳) of a change to the index, and the locale it is written in. */
export interface ProgressMessage {
  chatId: number;
  messageId: number;
  locale: string;
}

const same = (a: ProgressMessage, b: ProgressMessage) => a.chatId === b.chatId && a.messageId === b.messageId;

/**
 * The progress messages of index changes not finished yet, in DATA_DIR/progress-messages.jsonl:
 * a change the process did not live to finish (a restart, a kill) leaves its message listed, for
 * the next start to close instead of leaving it at ⏳ for ever.
 */
export class ProgressMessages {
  private readonly file: JsonLinesFile<ProgressMessage>;
  /** Read on first use: those an earlier process left, and this process's own as they come and go. */
  private listed: Promise<{ earlier: ProgressMessage[]; current: ProgressMessage[] }> | null = null;

  constructor(dataDir: string) {
    this.file = new JsonLinesFile(
      path.join(dataDir, 'progress-messages.jsonl'),
      'list of unfinished progress messages',
    );
  }

  async add(message: ProgressMessage): Promise<void> {
    const { current } = await this.list();
    current.push(message);
    await this.file.append(message);
  }

  /** Once the message shows how the change ended. */
  async remove(message: ProgressMessage): Promise<void> {
    const listed = await this.list();
    listed.current = listed.current.filter((other) => !same(other, message));
    await this.file.rewrite([...listed.earlier, ...listed.current]);
  }

  /** The messages an earlier process left unfinished, no longer listed once handed out. */
  async takeEarlier(): Promise<ProgressMessage[]> {
    const listed = await this.list();
    const { earlier } = listed;
    listed.earlier = [];
    if (earlier.length) await this.file.rewrite(listed.current);
    return earlier;
  }

  private list(): Promise<{ earlier: ProgressMessage[]; current: ProgressMessage[] }> {
    this.listed ??= this.file.read().then((earlier) => ({ earlier, current: [] }));
    return this.listed;
  }
}
