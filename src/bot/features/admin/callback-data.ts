import type { CallbackCodec } from '../../callback-data.js';

/**
 * The /remove picker: a screen of the list, a page chosen (by its name's hash, as a file name may
 * not fit in 64 bytes), that choice confirmed, or nothing removed.
 */
export type RemoveAction =
  | { kind: 'screen'; screen: number }
  | { kind: 'ask'; hash: string }
  | { kind: 'confirm'; hash: string }
  | { kind: 'keep' };

export const removeButton: CallbackCodec<RemoveAction> = {
  trigger: /^rm[:?!]/,
  encode: (action) => {
    switch (action.kind) {
      case 'screen':
        return `rm:p${action.screen}`;
      case 'ask':
        return `rm?${action.hash}`;
      case 'confirm':
        return `rm!${action.hash}`;
      case 'keep':
        return 'rm:x';
    }
  },
  decode: (data) => {
    const match = /^rm(?::p(\d{1,4})|\?(\w+)|!(\w+)|:(x))$/.exec(data);
    if (!match) return null;
    if (match[1] !== undefined) return { kind: 'screen', screen: Number(match[1]) };
    if (match[2] !== undefined) return { kind: 'ask', hash: match[2] };
    if (match[3] !== undefined) return { kind: 'confirm', hash: match[3] };
    return { kind: 'keep' };
  },
};
