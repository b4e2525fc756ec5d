import type { Config } from './config.js';
import { createLog, type Log } from '../observe/log.js';
import { masker, secretsOf } from '../observe/secrets.js';

/** The process's log, as LOG_LEVEL and LOG_FORMAT say, with every configured secret masked. */
export function processLog(config: Config): Log {
  return createLog({ level: config.logLevel, format: config.logFormat, mask: masker(secretsOf(config)) });
}
