import type { Api, Context } from 'grammy';
import type { ReplyParameters } from 'grammy/types';
import type { Config } from '../config.js';
import { UserError, type Answer, type Core } from '../types.js';
import { formatAnswer, formatDraft, splitMessage } from './format.js';
import { langOfSender, t } from './i18n.js';
import { answerKeyboard } from './keyboards.js';
import { LiveMessage } from './live.js';
import { inScript } from '../question/script.js';
import type { ChatHistory } from './history.js';
import type { FeedbackStore } from './feedback.js';
import type { Tasks } from './tasks.js';
import type { Log } from '../observe/log.js';

export interface AskDeps {
  core: Core;
  config: Config;
  history: ChatHistory;
  feedback: FeedbackStore;
  /** Whether to try sendMessageDraft; off once the server refused it. */
  drafts: { enabled: boolean };
  log: Log;
  /** Work that outlives the reply, which stopping must still wait for. */
  tasks: Tasks;
}

/** Telegram shows "typing…" for about five seconds per chat action. */
const TYPING_EVERY_MS = 4_000;

function keepTyping(api: Api, chatId: number): () => void {
  // Best effort: some servers (and the test server) do not implement chat actions.
  const send = () => void api.sendChatAction(chatId, 'typing').catch(() => undefined);
  send();
  const timer = setInterval(send, TYPING_EVERY_MS);
  return () => clearInterval(timer);
}

/** Checks the question, asks the core (streaming a draft if the model streams), sends the answer. */
export async function answerQuestion(ctx: Context, rawQuestion: string, deps: AskDeps): Promise<void> {
  const lang = langOfSender(ctx);
  const chatId = ctx.chat!.id;
  const question = rawQuestion.trim();
  if (!question) {
    await ctx.reply(t.emptyQuestion(lang));
    return;
  }
  // In a group the answer quotes the question, so everyone sees what it answers.
  const replyParameters: ReplyParameters | undefined =
    ctx.chat!.type !== 'private' && ctx.msg
      ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true }
      : undefined;

  const draft = new LiveMessage(ctx.api, chatId, {
    replyParameters,
    // Drafts exist only in private chats.
    draftId: deps.drafts.enabled && ctx.chat!.type === 'private' ? (ctx.msg?.message_id ?? 0) + 1 : undefined,
    onDraftRefused: () => (deps.drafts.enabled = false),
    log: deps.log,
  });
  const stopTyping = keepTyping(ctx.api, chatId);
  let answer: Answer;
  try {
    answer = await deps.core.ask(question, {
      history: deps.history.get(chatId),
      onDraft: (text) => draft.update(formatDraft(text)),
    });
  } catch (error) {
    await draft.stop();
    if (!(error instanceof UserError)) throw error;
    await ctx.reply(error.in(lang));
    return;
  } finally {
    stopTyping();
  }
  const draftMessageId = await draft.stop();
  deps.history.add(chatId, { question, answer: answer.text });

  const parts = answerMessages(answer);
  // A one-message answer is kept as sent, so that a group can be shown a source in its place.
  const { id: answerId, saved } = deps.feedback.remember(chatId, answer, parts.length === 1 ? parts[0] : null);
  void deps.tasks.run(() =>
    saved.catch((error: Error) => deps.log.error({ err: error }, 'could not store the answer for feedback')),
  );
  await sendAnswer(ctx.api, chatId, answer, parts, answerId, draftMessageId, replyParameters);
}

/** The answer as Telegram messages (HTML). */
function answerMessages(answer: Answer): string[] {
  // The label follows the question, not the Telegram client: an English question from a
  // Chinese client reads "Sources", a question in traditional characters "來源".
  return splitMessage(formatAnswer(answer, inScript(t.sources(answer.language), answer.script)));
}

async function sendAnswer(
  api: Api,
  chatId: number,
  answer: Answer,
  parts: string[],
  answerId: string | null,
  draftMessageId: number | null,
  replyParameters: ReplyParameters | undefined,
): Promise<void> {
  const cited = answer.refused ? [] : answer.citations.map((c) => ({ ...c, url: c.source?.url ?? null }));
  const keyboard = answerKeyboard(cited, answerId);
  for (const [i, part] of parts.entries()) {
    const extra = {
      parse_mode: 'HTML' as const,
      link_preview_options: { is_disabled: true },
      reply_markup: i === parts.length - 1 ? keyboard : undefined,
    };
    if (i === 0 && draftMessageId !== null) {
      try {
        await api.editMessageText(chatId, draftMessageId, part, extra);
        continue;
      } catch {
        // The draft may be gone (deleted by the user); the answer then comes as a new message.
      }
    }
    await api.sendMessage(chatId, part, { ...extra, reply_parameters: i === 0 ? replyParameters : undefined });
  }
}
