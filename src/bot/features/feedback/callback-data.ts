import type { CallbackCodec } from '../../callback-data.js';

/** 👍/👎 under an answer: the answer's id in the feedback store. */
export const voteButton: CallbackCodec<{ up: boolean; answerId: string }> = {
  trigger: /^vote:/,
  encode: ({ up, answerId }) => `vote:${up ? '+' : '-'}:${answerId}`,
  decode: (data) => {
    const match = /^vote:([+-]):(\w+)$/.exec(data);
    return match ? { up: match[1] === '+', answerId: match[2] } : null;
  },
};

/** ◀/▶ of /feedback: which 👎 to show, from 0. */
export const downvotePageButton: CallbackCodec<number> = {
  trigger: /^fb:/,
  encode: (index) => `fb:${index}`,
  decode: (data) => {
    const match = /^fb:(\d{1,6})$/.exec(data);
    return match ? Number(match[1]) : null;
  },
};
