import type { Api, InlineKeyboard } from 'grammy';
import type { ReplyParameters } from 'grammy/types';
import type { Asking } from '../../../domain/ports.js';
import { UserError, type Answer, type Citation, type Turn } from '../../../domain/types.js';
import type { Log } from '../../../observe/log.js';
import { recentTurns, withTurn } from '../../../state/conversation.js';
import type { Feedback } from '../../../state/feedback-store.js';
import type { StopRegistry } from '../../../state/stops.js';
import { outcomeOf, type Usage } from '../../../state/usage.js';
import type { BotContext } from '../../context.js';
import { localeOfAnswer, scriptOfSender } from '../../i18n.js';
import { userErrorText } from '../../render/errors.js';
import { formatAnswer, formatDraft, formatStopped } from '../../render/format.js';
import { LiveMessage } from '../../render/live.js';
import { splitMessage } from '../../render/split.js';
import type { Tasks } from '../../tasks.js';
import { escapeHtml } from '../../render/html.js';
import { addAnswerActions } from '../answer-actions/keyboard.js';
import { addQuestionButtons, examplesKeyboard } from '../examples/keyboard.js';
import { answerKeyboard, withPageLinks } from '../sources/keyboard.js';
import { stopKeyboard } from './stop-button.js';

export interface AnsweringDeps {
  asking: Asking;
  /** How long a conversation is remembered for follow-ups, and how many exchanges of it. */
  history: { ttlMinutes: number; turns: number };
  feedback: Feedback;
  usage: Usage;
  stops: StopRegistry;
  /** Chats whose drafts Telegram refused for good: their answers stream by editing a message. */
  draftsRefused: Set<number>;
  log: Log;
  /** Work that outlives the reply, which stopping must still wait for. */
  tasks: Tasks;
}

/** What to answer, and where: a question as asked, or asked again from an answer's buttons. */
export interface AnswerRequest {
  question: string;
  /** The conversation it is read in. */
  history: Turn[];
  /** A fuller answer, from more passages. */
  detail: boolean;
  /** The message the answer quotes, if any. */
  replyTo?: number;
  /** A message the answer is written over instead of sending a new one (answering again). */
  replaces?: number;
}

/** A question asked in a chat, answered with the conversation so far, which then keeps the exchange. */
export async function answerQuestion(ctx: BotContext, rawQuestion: string, deps: AnsweringDeps): Promise<void> {
  const question = rawQuestion.trim();
  const ttlMs = deps.history.ttlMinutes * 60_000;
  const asked = Date.now();
  // In a group the answer quotes the question, so everyone sees what it answers.
  const replyTo = ctx.chat?.type !== 'private' ? ctx.msg?.message_id : undefined;
  const history = recentTurns(ctx.session, asked, ttlMs, deps.history.turns);
  const answer = await answerInChat(ctx, { question, history, detail: false, replyTo }, deps);
  if (answer)
    ctx.session = withTurn(ctx.session, { question, answer: answer.text, at: asked }, ttlMs, deps.history.turns);
}

/**
 * Answers in a chat: asks the core (which refuses what it will not take), streaming a draft with a
 * ⏹ button if the model streams, and sends the answer with its sources. Null when there was no
 * answer: stopped, or refused with a reason said instead.
 */
export async function answerInChat(
  ctx: BotContext,
  request: AnswerRequest,
  deps: AnsweringDeps,
): Promise<Answer | null> {
  const chat = ctx.chat!;
  const replyParameters: ReplyParameters | undefined =
    request.replyTo !== undefined ? { message_id: request.replyTo, allow_sending_without_reply: true } : undefined;
  const run = deps.stops.start(chat.id, ctx.from?.id);
  // Drafts exist only in private chats; an answer written over another streams in its place.
  const drafts = chat.type === 'private' && request.replaces === undefined && !deps.draftsRefused.has(chat.id);
  const live = new LiveMessage(ctx.api, chat.id, {
    messageId: request.replaces,
    replyParameters,
    replyMarkup: stopKeyboard(run.id, ctx.t('stop-button')),
    draftId: drafts ? (ctx.msg?.message_id ?? 0) + 1 : undefined,
    onDraftRefused: () => deps.draftsRefused.add(chat.id),
    log: deps.log,
  });
  const asked = Date.now();
  let written = '';
  let cited: Citation[] = [];
  let answer: Answer;
  ctx.chatAction = 'typing';
  try {
    answer = await deps.asking.ask(request.question, {
      history: request.history,
      detail: request.detail,
      onDraft: (text, citedSoFar) => {
        written = text;
        cited = citedSoFar;
        live.update(formatDraft(text));
      },
      signal: run.signal,
    });
  } catch (error) {
    const messageId = await live.stop();
    if (run.signal.aborted)
      return showStopped(ctx.api, chat.id, messageId, {
        html: formatStopped(written, cited, ctx.t, ctx.t('stopped')),
        keyboard: answerKeyboard(withPageLinks(cited), null, ctx.t),
      }).then(() => null);
    // Nothing is being written any more: no ⏹ under what was.
    if (messageId !== null)
      await ctx.api
        .editMessageReplyMarkup(chat.id, messageId, { reply_markup: { inline_keyboard: [] } })
        .catch(() => undefined);
    if (!(error instanceof UserError)) throw error;
    // An empty /ask is shown what to ask: the newest reports' example questions, as buttons.
    const examples =
      error.code === 'question-empty'
        ? await deps.asking.examples({ script: scriptOfSender(ctx) }).catch(() => [])
        : [];
    await ctx.reply(userErrorText(error, ctx.t), {
      reply_parameters: replyParameters,
      reply_markup: examples.length ? examplesKeyboard(examples) : undefined,
    });
    return null;
  } finally {
    deps.stops.finish(run.id);
    ctx.chatAction = null;
  }
  const messageId = await live.stop();
  // Small talk is not kept for follow-ups: null, like an answer that was not given.
  if (answer.smallTalk) return replySmallTalk(ctx, answer, messageId, replyParameters).then(() => null);
  const elapsed = Date.now() - asked;
  void deps.tasks.run(() =>
    deps.usage
      .record(outcomeOf(answer), elapsed)
      .catch((error: Error) => deps.log.warn({ err: error }, 'could not record usage')),
  );
  await deliver(ctx, answer, request, deps, { messageId, replyParameters });
  return answer;
}

/** The answer in full, with its sources, votes and (a model's answer) what may be asked of it. */
async function deliver(
  ctx: BotContext,
  answer: Answer,
  request: AnswerRequest,
  deps: AnsweringDeps,
  { messageId, replyParameters }: { messageId: number | null; replyParameters: ReplyParameters | undefined },
): Promise<void> {
  const chatId = ctx.chat!.id;
  // The labels follow the question, not the Telegram client: an English question from a Chinese
  // client reads "Sources", a question in traditional characters "來源".
  ctx.i18n.useLocale(localeOfAnswer(answer.language, answer.script));
  const parts = splitMessage(formatAnswer(answer, ctx.t));
  // A one-message answer is kept as sent: a passage an earlier version showed in its place goes back to it.
  const { id: answerId, saved } = deps.feedback.remember(chatId, answer, parts.length === 1 ? parts[0] : null, {
    askerId: ctx.from?.id ?? null,
    history: request.history,
    detail: request.detail,
  });
  void deps.tasks.run(() =>
    saved.catch((error: Error) => deps.log.error({ err: error }, 'could not store the answer for feedback')),
  );
  const keyboard = answerKeyboard(
    withPageLinks(answer.refused ? (answer.nearest ?? []) : answer.citations),
    answerId,
    ctx.t,
  );
  if (answer.mode === 'llm' && !answer.refused) addAnswerActions(keyboard, answerId, ctx.t, request.detail);
  addQuestionButtons(keyboard, answer.related ?? []);
  await sendAnswer(ctx.api, chatId, parts, keyboard, messageId, replyParameters);
}

/**
 * A greeting or thanks answered in kind, with example questions to tap: no sources and no votes,
 * and nothing kept for follow-ups or counted as a question.
 */
async function replySmallTalk(
  ctx: BotContext,
  answer: Answer,
  messageId: number | null,
  replyParameters: ReplyParameters | undefined,
): Promise<void> {
  ctx.i18n.useLocale(localeOfAnswer(answer.language, answer.script));
  const examples = answer.smallTalk?.examples ?? [];
  const text = examples.length ? `${answer.text}\n\n${ctx.t('small-talk-examples')}` : answer.text;
  await sendAnswer(ctx.api, ctx.chat!.id, [escapeHtml(text)], examplesKeyboard(examples), messageId, replyParameters);
}

/**
 * What was written before the reader stopped it, in the streamed message's place, with buttons
 * for the sources it cited (the ⏹ goes).
 */
async function showStopped(
  api: Api,
  chatId: number,
  messageId: number | null,
  { html, keyboard }: { html: string; keyboard: InlineKeyboard },
): Promise<void> {
  const extra = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, reply_markup: keyboard };
  if (messageId !== null) {
    try {
      await api.editMessageText(chatId, messageId, html, extra);
      return;
    } catch {
      // Gone (deleted by the user): said as a new message instead.
    }
  }
  await api.sendMessage(chatId, html, extra);
}

async function sendAnswer(
  api: Api,
  chatId: number,
  parts: string[],
  keyboard: InlineKeyboard,
  streamedMessageId: number | null,
  replyParameters: ReplyParameters | undefined,
): Promise<void> {
  for (const [i, part] of parts.entries()) {
    const extra = {
      parse_mode: 'HTML' as const,
      link_preview_options: { is_disabled: true },
      reply_markup: i === parts.length - 1 ? keyboard : undefined,
    };
    if (i === 0 && streamedMessageId !== null) {
      try {
        // Also takes the ⏹ button away when the answer has one part.
        await api.editMessageText(chatId, streamedMessageId, part, {
          ...extra,
          reply_markup: extra.reply_markup ?? { inline_keyboard: [] },
        });
        continue;
      } catch {
        // The streamed message may be gone (deleted by the user); the answer then comes as a new one.
      }
    }
    await api.sendMessage(chatId, part, { ...extra, reply_parameters: i === 0 ? replyParameters : undefined });
  }
}
