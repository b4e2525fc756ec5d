import { Composer, type MiddlewareFn } from 'grammy';
import type { AnsweredRecord } from '../../../state/feedback-store.js';
import type { BotContext } from '../../context.js';
import { answerInChat, type AnsweringDeps, type AnswerRequest } from '../question/answering.js';
import { answerActionButton, type AnswerAction } from './callback-data.js';

export interface AnswerActionsDeps extends AnsweringDeps {
  /** How often one person may ask: an answer asked again counts as a question. */
  limiter: MiddlewareFn<BotContext>;
}

/**
 * The question of a kept answer, asked again in the conversation it was first read in. 🔄 writes
 * over a one-message answer (one in several messages is answered anew below it); a fuller
 * answer replies to the answer it extends.
 */
export function requestFor(action: AnswerAction, record: AnsweredRecord, messageId: number): AnswerRequest {
  const asked = { question: record.question, history: record.history ?? [] };
  if (action === 'detail') return { ...asked, detail: true, replyTo: messageId };
  const inPlace = !!record.html;
  return {
    ...asked,
    detail: record.detail ?? false,
    replaces: inPlace ? messageId : undefined,
    replyTo: inPlace ? undefined : messageId,
  };
}

/**
 * 🔄 and "more detail" under a model's answer, for the one who asked it: found by the answer's id
 * in the answer log, so they work after a restart; answered as a question is, streaming included.
 */
export function answerActionsFeature(deps: AnswerActionsDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  /** Taps being answered in this process: a second tap on the same button while it is adds nothing. */
  const answering = new Set<string>();

  composer.callbackQuery(answerActionButton.trigger, async (ctx) => {
    const tapped = answerActionButton.decode(ctx.callbackQuery.data);
    const record = tapped ? await deps.feedback.get(tapped.answerId) : undefined;
    const message = ctx.callbackQuery.message;
    // Records older than these buttons do not say who asked, nor in which conversation.
    if (!tapped || !record || !message || record.chatId !== ctx.chat?.id || record.askerId === undefined)
      return void (await ctx.answerCallbackQuery({ text: ctx.t('answer-action-gone') }));
    if (record.askerId !== ctx.from.id)
      return void (await ctx.answerCallbackQuery({ text: ctx.t('answer-action-not-yours') }));
    const key = ctx.callbackQuery.data;
    if (answering.has(key)) return void (await ctx.answerCallbackQuery({ text: ctx.t('answer-action-busy') }));
    answering.add(key);
    try {
      await ctx.answerCallbackQuery();
      const request = requestFor(tapped.action, record, message.message_id);
      await deps.limiter(ctx, async () => {
        await answerInChat(ctx, request, deps);
      });
    } finally {
      answering.delete(key);
    }
  });

  return composer;
}
