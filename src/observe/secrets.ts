import pino from 'pino';
import type { Log } from './log.js';
import { maskUrlCredentials, urlSecrets } from './safe-url.js';

/** The configuration's secrets and the URLs that may carry credentials, by the names it gives them. */
export interface Secrets {
  telegramBotToken: string | null;
  openaiApiKey: string | null;
  embeddingApiKey: string | null;
  rerankApiKey: string | null;
  transcribeApiKey: string | null;
  webhookSecret: string | null;
  openaiBaseUrl: string | null;
  embeddingBaseUrl: string | null;
  rerankBaseUrl: string | null;
  transcribeBaseUrl: string | null;
  telegramApiRoot: string | null;
  webhookUrl: string | null;
  redisUrl?: string | null;
  storageOptions: Record<string, string>;
}

/** Every secret the configuration holds, the credentials inside its URLs included. */
export function secretsOf(config: Secrets): Array<string | null> {
  const urls = [
    config.openaiBaseUrl,
    config.embeddingBaseUrl,
    config.rerankBaseUrl,
    config.transcribeBaseUrl,
    config.telegramApiRoot,
    config.webhookUrl,
    config.redisUrl ?? null,
    config.storageOptions.aws_endpoint ?? null,
  ];
  return [
    config.telegramBotToken,
    config.openaiApiKey,
    config.embeddingApiKey,
    config.rerankApiKey,
    config.transcribeApiKey,
    config.webhookSecret,
    config.storageOptions.aws_secret_access_key ?? null,
    config.storageOptions.aws_session_token ?? null,
    ...urls.flatMap(urlSecrets),
  ];
}

/**
 * Hides tokens and keys in anything about to be logged or shown: the configured secrets verbatim,
 * anything shaped like a bot token (errors may quote a request URL that contains one), and the
 * user-info of any URL, however short its password.
 */
export function masker(secrets: Array<string | null>): (text: string) => string {
  const known = secrets.filter((secret): secret is string => !!secret && secret.length >= 6);
  return (text) => {
    let masked = text;
    for (const secret of known) masked = masked.split(secret).join('***');
    return maskUrlCredentials(masked)
      .replace(/(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}/g, '***')
      .replace(/\bsk-[A-Za-z0-9_-]{10,}/g, 'sk-***');
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
