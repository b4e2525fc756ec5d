import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';

/**
 * A JSON Lines file the bot keeps in DATA_DIR (answers, votes, usage): appended to one record at
 * a time, rewritten whole when it has grown, one write at a time so a rewrite never races an
 * append.
 */
export class JsonLinesFile<T> {
  private writing: Promise<unknown> = Promise.resolve();

  /** `what` names the file to the operator when it cannot be read ("answer log"). */
  constructor(
    readonly path: string,
    private readonly what: string,
  ) {}

  /** Its records: none when there is no file yet, and a line cut short by a crash is the only thing lost. */
  async read(): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      // Node's read errors do not always name the file (EISDIR does not).
      if (code === 'EISDIR')
        throw new Error(
          `${this.path} is a folder, not the bot's ${this.what}: move it away (or set DATA_DIR elsewhere)`,
        );
      throw new Error(
        `cannot read ${this.path} (${code ?? (error as Error).message}): check its permissions (or set DATA_DIR elsewhere)`,
      );
    }
    const records: T[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as T);
      } catch {
        // Torn by a crash.
      }
    }
    return records;
  }

  append(record: T): Promise<void> {
    return this.write(() => appendFile(this.path, `${JSON.stringify(record)}\n`));
  }

  /** Replaces the file with `records`, through a temporary file so a crash leaves one or the other. */
  rewrite(records: T[]): Promise<void> {
    return this.write(async () => {
      const temporary = `${this.path}.tmp`;
      await writeFile(temporary, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      await rename(temporary, this.path);
    });
  }

  private write(task: () => Promise<void>): Promise<void> {
    const next = this.writing.then(task);
    this.writing = next.catch(() => undefined);
    return next;
  }
}
