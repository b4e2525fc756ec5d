import type { CallbackCodec } from '../../callback-data.js';

/**
 * A source button carries the chunk id (resolved from the index, so it works after a restart)
 * and, under an answer the feedback store keeps, the answer's id: the passage view then marks
 * the sentences that answer cites.
 */
export const sourceButton: CallbackCodec<{ chunkId: string; answerId: string | null }> = {
  trigger: /^src:/,
  encode: ({ chunkId, answerId }) => (answerId ? `src:${chunkId}~${answerId}` : `src:${chunkId}`),
  decode: (data) => {
    const match = /^src:([^~]+)(?:~(\w+))?$/.exec(data);
    return match ? { chunkId: match[1], answerId: match[2] ?? null } : null;
  },
};

/** Back from a passage shown in the answer's place to the answer, by its id. */
export const backButton: CallbackCodec<string> = {
  trigger: /^back:/,
  encode: (answerId) => `back:${answerId}`,
  decode: (data) => /^back:(\w+)$/.exec(data)?.[1] ?? null,
};
