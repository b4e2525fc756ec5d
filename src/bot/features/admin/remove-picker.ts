import { createHash } from 'node:crypto';
import { InlineKeyboard } from 'grammy';
import type { Library } from '../../../domain/ports.js';
import type { PageInfo } from '../../../domain/types.js';
import type { BotContext } from '../../context.js';
import { html } from '../../i18n.js';
import { sourceLabel } from '../../render/source.js';
import { shorten } from '../../render/text.js';
import { removeButton } from './callback-data.js';
import { startIndexJob, type IndexJobDeps } from './index-job.js';

export interface RemoveDeps extends IndexJobDeps {
  library: Pick<Library, 'busy' | 'pages' | 'removePage'>;
}

/** Pages shown per screen of the /remove picker. */
const PICKER_PAGE = 8;

/** A page's name in callback data, which holds 64 bytes where a file name may not fit. */
export function pickerKey(file: string): string {
  return createHash('sha256').update(file).digest('hex').slice(0, 16);
}

/** Removes `file` in the background; false when another change runs. */
function removeJob(ctx: BotContext, deps: RemoveDeps, file: string): boolean {
  return startIndexJob(ctx, deps, ctx.t('removing', html({ file })), async () => ({
    summary: await deps.library.removePage(file),
    what: ctx.t('removed', { file }),
  }));
}

/** A screen of the /remove picker: one button per page, paged. */
export function picker(ctx: BotContext, pages: PageInfo[], page: number): { text: string; keyboard: InlineKeyboard } {
  const screens = Math.max(1, Math.ceil(pages.length / PICKER_PAGE));
  const at = Math.min(Math.max(0, page), screens - 1);
  const keyboard = new InlineKeyboard();
  for (const p of pages.slice(at * PICKER_PAGE, (at + 1) * PICKER_PAGE)) {
    const label = sourceLabel(p.meta, ctx.t);
    const data = removeButton.encode({ kind: 'ask', hash: pickerKey(p.file) });
    keyboard.text(shorten(label ? `${label} · ${p.file}` : p.file, 48), data).row();
  }
  if (at > 0) keyboard.text(ctx.t('previous'), removeButton.encode({ kind: 'screen', screen: at - 1 }));
  if (at + 1 < screens) keyboard.text(ctx.t('next'), removeButton.encode({ kind: 'screen', screen: at + 1 }));
  if (screens > 1) keyboard.row();
  keyboard.text(ctx.t('remove-no'), removeButton.encode({ kind: 'keep' }));
  return { text: ctx.t('remove-pick', { page: at + 1, pages: screens }), keyboard };
}

/** The question before a page is removed, whether it was picked or named in `/remove FILE`. */
export function confirmation(ctx: BotContext, file: string): { text: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard()
    .text(ctx.t('remove-yes'), removeButton.encode({ kind: 'confirm', hash: pickerKey(file) }))
    .text(ctx.t('remove-no'), removeButton.encode({ kind: 'keep' }));
  return { text: ctx.t('remove-confirm', html({ file })), keyboard };
}

/** A tap on the picker (by an admin): another screen, a page chosen, its removal confirmed, or nothing removed. */
export async function onRemoveTap(
  ctx: BotContext & { callbackQuery: { data: string } },
  deps: RemoveDeps,
): Promise<void> {
  const action = removeButton.decode(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery();
  if (!action || action.kind === 'keep') return void (await ctx.editMessageText(ctx.t('remove-kept')));
  const pages = await deps.library.pages();
  if (action.kind === 'screen') {
    if (!pages.length) return void (await ctx.editMessageText(ctx.t('remove-none')));
    const { text, keyboard } = picker(ctx, pages, action.screen);
    return void (await ctx.editMessageText(text, { reply_markup: keyboard }));
  }
  // The list may have changed since it was shown: the page is found again by its name.
  const page = pages.find((p) => pickerKey(p.file) === action.hash);
  if (!page) return void (await ctx.editMessageText(ctx.t('remove-gone')));
  if (action.kind === 'ask') {
    const { text, keyboard } = confirmation(ctx, page.file);
    return void (await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard }));
  }
  if (!removeJob(ctx, deps, page.file)) return void (await ctx.editMessageText(ctx.t('busy')));
  await ctx.deleteMessage().catch(() => undefined);
}
