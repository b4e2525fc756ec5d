import pino from 'pino';
import type { Log } from './log.js';

/** The configuration's secrets, by the names it gives them. */
export interface Secrets {
  telegramBotToken: string | null;
  openaiApiKey: string | null;
  embeddingApiKey: string | null;
  rerankApiKey: string | null;
  webhookSecret: string | null;
}

/** Every secret the configuration holds. */
export function secretsOf(config: Secrets): Array<string | null> {
  return [
    config.telegramBotToken,
    config.openaiApiKey,
    config.embeddingApiKey,
    config.rerankApiKey,
    config.webhookSecret,
  ];
}

/**
 * Hides tokens and keys in anything about to be logged or shown: the configured secrets verbatim,
 * and anything shaped like a bot token (errors may quote a request URL that contains one).
 */
export function masker(secrets: Array<string | null>): (text: string) => string {
  const known = secrets.filter((secret): secret is string => !!secret && secret.length >= 6);
  return (text) => {
    let masked = text;
    for (const secret of known) masked = masked.split(secret).join('***');
    return masked.replace(/(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}/g, '***').replace(/\bsk-[A-Za-z0-9_-]{10,}/g, 'sk-***');
  };
}

/**
 * The bot's log with the masker applied to every error it records, a second line behind the
 * logger's own redaction: Telegram's errors quote the request URL, token included.
 */
export function maskedLog(log: Log, mask: (text: string) => string): Log {
  return log.child(
    {},
    {
      serializers: {
        err: (error: Error) => {
          const serialized = pino.stdSerializers.err(error);
          return { ...serialized, message: mask(serialized.message), stack: mask(serialized.stack) };
        },
      },
    },
  );
}
