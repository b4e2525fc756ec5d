import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import type { Log } from '../../../observe/log.js';
import type { Locale } from '../../i18n.js';
import type { Translate } from '../../render/translate.js';

/** The command menu: what everyone sees, and what admins see besides. */
const PUBLIC_COMMANDS = ['ask', 'timeline', 'new', 'cancel', 'help', 'stats', 'pages'] as const;
const ADMIN_COMMANDS = ['reindex', 'remove', 'feedback'] as const;

function menu(names: readonly string[], t: Translate): BotCommand[] {
  return names.map((command) => ({ command, description: t(`cmd-${command}`) }));
}

/**
 * Everyone's menu lists the readers' commands; each admin's private chat (a command scope of its
 * own) lists the admin commands too. Chinese by default, English for English-language clients:
 * Telegram's menus know languages, not scripts.
 */
export async function registerCommands(
  api: Api,
  adminIds: number[],
  translateIn: (locale: Locale) => Translate,
  log: Log,
): Promise<void> {
  const languages: Array<{ locale: Locale; language_code?: LanguageCode }> = [
    { locale: 'zh-Hans' },
    { locale: 'en', language_code: 'en' },
  ];
  for (const { locale, language_code } of languages) {
    await api.setMyCommands(menu(PUBLIC_COMMANDS, translateIn(locale)), { language_code });
    for (const chat_id of adminIds) {
      // An admin who never opened a chat with the bot has no chat to scope to: the others still get theirs.
      await api
        .setMyCommands(menu([...PUBLIC_COMMANDS, ...ADMIN_COMMANDS], translateIn(locale)), {
          scope: { type: 'chat', chat_id },
          language_code,
        })
        .catch((error: unknown) => log.warn({ err: error, admin: chat_id }, "could not set an admin's command menu"));
    }
  }
}

/** The commands as help lists them, admin ones only for admins. */
export function commandList(admin: boolean, t: (key: string) => string): string {
  const names = admin ? [...PUBLIC_COMMANDS, ...ADMIN_COMMANDS] : PUBLIC_COMMANDS;
  return names.map((command) => `/${command} — ${t(`cmd-${command}`)}`).join('\n');
}
