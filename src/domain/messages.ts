import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import type { Language } from './language.js';

/** The locales the Fluent files are written in. */
export const LOCALES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageArgs = Record<string, string | number>;

/** The Fluent files, next to `prompts/`: the same ones the bot's translator reads. */
const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

/** Reader-facing sentences by message id, in each locale. */
export interface Messages {
  /** The message `id` in `locale` (`zh` is simplified Chinese), `args` placed. Throws for an unknown id or a missing argument. */
  format(locale: Locale | Language, id: string, args?: MessageArgs): string;
  has(locale: Locale, id: string): boolean;
}

/** A Fluent reader over `dir`/<locale>.ftl, without grammY: for text the core writes itself. */
export function readMessages(dir: string = LOCALES_DIR): Messages {
  const bundles = new Map<Locale, FluentBundle>();
  for (const locale of LOCALES) {
    // Unicode isolation marks around placeables would show up in Telegram's HTML and in logs.
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(readFileSync(`${dir}/${locale}.ftl`, 'utf8')));
    if (errors.length) throw new Error(`${dir}/${locale}.ftl: ${errors.map((e) => e.message).join('; ')}`);
    bundles.set(locale, bundle);
  }
  const bundleOf = (locale: Locale | Language) => bundles.get(locale === 'zh' ? 'zh-Hans' : locale)!;
  return {
    format(locale, id, args = {}) {
      const bundle = bundleOf(locale);
      const pattern = bundle.getMessage(id)?.value;
      if (!pattern) throw new Error(`no message ${id} in ${bundle.locales[0]}`);
      const errors: Error[] = [];
      const text = bundle.formatPattern(pattern, args, errors);
      if (errors.length) throw new Error(`message ${id} in ${bundle.locales[0]}: ${errors[0].message}`);
      return text;
    },
    has: (locale, id) => bundleOf(locale).hasMessage(id),
  };
}

let shipped: Messages | null = null;

/**
 * The messages shipped with the code, read on first use. Files that never change while the
 * process runs: a cache of constants, not state.
 */
export function messages(): Messages {
  shipped ??= readMessages();
  return shipped;
}
