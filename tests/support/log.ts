import { createLog, type Log, type LogLevel } from '../../src/observe/log.js';

/** Collects the production logger's JSON lines in `lines`: for tests and the bench, which read what was logged. */
export function logInto(lines: string[], level: LogLevel = 'debug'): Log {
  return createLog({ level, format: 'json', destination: { write: (line: string) => void lines.push(line) } });
}
