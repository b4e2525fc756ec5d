import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type Log = Logger;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogOptions {
  level: LogLevel;
  /** JSON lines for log collectors, or readable lines for a person at a terminal. */
  format: 'json' | 'pretty';
  /** Applied to every line just before it is written: the last line of defence for secrets. */
  mask?: (line: string) => string;
  /** Where lines go; standard error by default, so the terminal chat on standard output stays clean. */
  destination?: DestinationStream;
}

/**
 * Fields that hold secrets are replaced by the logger whatever their value; the masker then
 * catches secrets quoted inside messages and error stacks (a request URL with the bot token).
 */
const REDACT = [
  'token',
  'apiKey',
  'key',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.apiKey',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
];

export function createLog(options: LogOptions): Log {
  const destination =
    options.destination ??
    (options.format === 'pretty'
      ? pretty({
          destination: 2,
          sync: true,
          colorize: process.stderr.isTTY === true,
          translateTime: 'HH:MM:ss',
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: 2, sync: true }));
  const mask = options.mask;
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: REDACT, censor: '***' },
      ...(mask ? { hooks: { streamWrite: (line: string) => mask(line) } } : {}),
    },
    destination,
  );
}

/** Discards everything: for one-shot tools and tests that do not read the log. */
export const silentLog: Log = pino({ level: 'silent' });
