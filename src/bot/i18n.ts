import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { Locale } from '../domain/messages.js';
import type { Answer } from '../domain/types.js';
import { escapeHtml } from './render/html.js';
import type { Translate } from './render/translate.js';

export type { Locale };

/** The Fluent files, next to `prompts/`: text for translators, not code. */
// Without a trailing slash: the plugin's directory walk misreads the files' names with one.
const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

/** A Telegram client's language: English, traditional Chinese where the region writes it, else simplified. */
export function localeOf(languageCode: string | undefined): Locale {
  const code = languageCode?.toLowerCase() ?? '';
  if (code.startsWith('en')) return 'en';
  if (/^zh[-_](hant|tw|hk|mo)/.test(code)) return 'zh-Hant';
  return 'zh-Hans';
}

/** An answer's own language and script: a question in traditional characters is answered in them. */
export function localeOfAnswer(language: Answer['language'], script: Answer['script']): Locale {
  if (language === 'en') return 'en';
  return script === 'traditional' ? 'zh-Hant' : 'zh-Hans';
}

/** The locale of the person an update comes from. */
export function localeOfSender(ctx: { from?: { language_code?: string } }): Locale {
  return localeOf(ctx.from?.language_code);
}

/** The characters a sender reads, from their Telegram language: example questions are written in them. */
export function scriptOfSender(ctx: { from?: { language_code?: string } }): Answer['script'] {
  return localeOfSender(ctx) === 'zh-Hant' ? 'traditional' : 'simplified';
}

export function createI18n<C extends Context>(): I18n<C> {
  return new I18n<C>({
    defaultLocale: 'zh-Hans',
    directory: LOCALES_DIR,
    // Unicode isolation marks around placeables would show up inside Telegram's HTML.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => localeOfSender(ctx),
  });
}

/** The translator's messages in one locale, for text not written in reply to its reader (an answer's labels, menus). */
export function translator(i18n: Pick<I18n, 't'>, locale: Locale): Translate {
  return (key, variables) => i18n.t(locale, key, variables);
}

/** Variables for an HTML message, text escaped; numbers pass as they are. */
export function html(variables: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? escapeHtml(value) : value]),
  );
}
