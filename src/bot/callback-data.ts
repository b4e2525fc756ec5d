/** Telegram's limit on a button's callback data. */
const CALLBACK_DATA_BYTES = 64;

/**
 * One kind of button's callback data, owned by the feature that answers the button: what the
 * button carries, written and read back. `trigger` tells the feature's taps from the others'.
 */
export interface CallbackCodec<T> {
  readonly trigger: RegExp;
  encode(value: T): string;
  /** Null for data this codec did not write, or wrote in a form it no longer reads. */
  decode(data: string): T | null;
}

export function fitsCallbackData(data: string): boolean {
  return Buffer.byteLength(data, 'utf8') <= CALLBACK_DATA_BYTES;
}
