import { InlineKeyboard } from 'grammy';
import type { CallbackCodec } from '../../callback-data.js';

/** ⏹ under an answer being written: the run it stops. */
export const stopButton: CallbackCodec<string> = {
  trigger: /^stop:/,
  encode: (runId) => `stop:${runId}`,
  decode: (data) => /^stop:(\w+)$/.exec(data)?.[1] ?? null,
};

export function stopKeyboard(runId: string, label: string): InlineKeyboard {
  return new InlineKeyboard().text(label, stopButton.encode(runId));
}
