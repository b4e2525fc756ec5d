import type { Context, NextFunction } from 'grammy';

/** The methods the bot posts into a chat with; edits stay where their message is. */
const POSTING = new Set(['sendMessage', 'sendChatAction', 'sendMessageDraft']);

/** The forum topic an update came from, if any: a topic message, or a button on one. */
function threadOf(ctx: Context): number | undefined {
  const message = ctx.msg;
  return message?.is_topic_message ? message.message_thread_id : undefined;
}

/**
 * Everything the bot posts while handling an update from a forum topic goes to that topic: later
 * parts of a long answer, "typing", drafts, progress and passages, also those sent later by a
 * background job, since they all go through this update's `ctx.api`.
 */
export function replyInTopic() {
  return async (ctx: Context, next: NextFunction): Promise<void> => {
    const thread = threadOf(ctx);
    const chatId = ctx.chat?.id;
    if (thread !== undefined && chatId !== undefined) {
      ctx.api.config.use((prev, method, payload, signal) => {
        const body = payload as Record<string, unknown>;
        if (!POSTING.has(method) || body.chat_id !== chatId || body.message_thread_id !== undefined)
          return prev(method, payload, signal);
        return prev(method, { ...payload, message_thread_id: thread } as typeof payload, signal);
      });
    }
    await next();
  };
}
