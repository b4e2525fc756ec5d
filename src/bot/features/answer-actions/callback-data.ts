import type { CallbackCodec } from '../../callback-data.js';

/** 🔄 answers the question again; `detail` answers it at more length, from more passages. */
export type AnswerAction = 'again' | 'detail';

/** A button under a model's answer: what to do with it, and the answer, by its id in the answer log. */
export const answerActionButton: CallbackCodec<{ action: AnswerAction; answerId: string }> = {
  trigger: /^act:/,
  encode: ({ action, answerId }) => `act:${action}:${answerId}`,
  decode: (data) => {
    const match = /^act:(again|detail):(\w+)$/.exec(data);
    return match ? { action: match[1] as AnswerAction, answerId: match[2] } : null;
  },
};
