import type { CallbackCodec } from '../../callback-data.js';

/**
 * A ◀ or ▶ under a timeline: the page it turns to and the topic, so that the timeline is read
 * again from the index (it works after a restart, and shows what was added since).
 */
export const timelinePage: CallbackCodec<{ page: number; topic: string }> = {
  trigger: /^tl:/,
  encode: ({ page, topic }) => `tl:${page}:${topic}`,
  decode: (data) => {
    const match = /^tl:(\d+):(.+)$/s.exec(data);
    return match ? { page: Number(match[1]), topic: match[2] } : null;
  },
};
