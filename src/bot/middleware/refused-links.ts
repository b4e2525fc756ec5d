import type { Transformer } from 'grammy';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Log } from '../../observe/log.js';

/** A keyboard without its URL buttons, or null when it has none. */
function withoutLinks(markup: unknown): InlineKeyboardMarkup | null {
  const keyboard = (typeof markup === 'string' ? JSON.parse(markup) : markup) as InlineKeyboardMarkup | undefined;
  const rows = keyboard?.inline_keyboard;
  if (!rows?.some((row) => row.some((button) => 'url' in button))) return null;
  const kept = rows.map((row) => row.filter((button: InlineKeyboardButton) => !('url' in button)));
  return { inline_keyboard: kept.filter((row) => row.length > 0) };
}

/**
 * Telegram refuses a whole message when it will not open one of its URL buttons (400
 * BUTTON_URL_INVALID: a page's header gave a link such as "https://"). Such a message is sent
 * once more without its URL buttons: the answer, its sources and votes matter more than the link.
 */
export function dropRefusedLinks(log: Log): Transformer {
  return async (prev, method, payload, signal) => {
    const response = await prev(method, payload, signal);
    if (response.ok || !/BUTTON_URL_INVALID/.test(response.description)) return response;
    const keyboard = withoutLinks((payload as { reply_markup?: unknown }).reply_markup);
    if (!keyboard) return response;
    log.warn({ method }, 'Telegram refused a link button (BUTTON_URL_INVALID): sent again without link buttons');
    return prev(method, { ...payload, reply_markup: keyboard }, signal);
  };
}
