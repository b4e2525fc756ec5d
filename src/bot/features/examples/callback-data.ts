import type { CallbackCodec } from '../../callback-data.js';

/**
 * An example question's button: its place among the message's buttons. The question is the
 * button's own label, which no 64-byte callback data could hold.
 */
export const exampleButton: CallbackCodec<number> = {
  trigger: /^ex:/,
  encode: (index) => `ex:${index}`,
  decode: (data) => {
    const match = /^ex:(\d{1,2})$/.exec(data);
    return match ? Number(match[1]) : null;
  },
};
