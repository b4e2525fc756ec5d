import { Composer, type Context, type MiddlewareFn } from 'grammy';
import type { MessageEntity } from 'grammy/types';
import { answerQuestion, type AnsweringDeps } from './answering.js';
import { commandList } from '../help/commands.js';
import type { BotContext } from '../../context.js';
import { html } from '../../i18n.js';
import { stopButton } from './stop-button.js';

export interface QuestionDeps extends AnsweringDeps {
  isAdmin: (ctx: Context) => boolean;
  /** Reads a file Telegram holds, by the `file_path` getFile gave. */
  download: (filePath: string) => Promise<Uint8Array>;
  /** How often one person may ask. */
  limiter: MiddlewareFn<BotContext>;
}

/** The command a message starts with, and the bot it names (`/help@other_bot`), if it starts with one. */
function leadingCommand(text: string, entities: MessageEntity[] = []): { name: string; target?: string } | null {
  const first = entities[0];
  if (first?.type !== 'bot_command' || first.offset !== 0) return null;
  const [name, target] = text.slice(0, first.length).split('@');
  return { name, target };
}

/**
 * The text of a message meant as a question to the bot, or null when it is not for the bot: in a
 * private chat everything is; in a group, what mentions the bot or replies to it, mention removed.
 */
function addressedText(ctx: Context, text: string, entities: MessageEntity[] = []): string | null {
  if (!ctx.chat) return null;
  if (ctx.chat.type === 'private') return text;
  const me = ctx.me;
  const mention = `@${me.username}`.toLowerCase();
  const mentions = entities.filter(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === mention) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
  const repliesToMe = ctx.msg?.reply_to_message?.from?.id === me.id;
  if (!mentions.length && !repliesToMe) return null;
  let question = text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset))
    question = question.slice(0, e.offset) + question.slice(e.offset + e.length);
  return question;
}

/**
 * Questions in any form a chat sends them: text, /ask, a caption, a voice message; /new, /cancel
 * and ⏹. Last in line: a command that reaches it is one no feature knows.
 */
export function questionFeature(deps: QuestionDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const ask = (ctx: BotContext, question: string) => deps.limiter(ctx, () => answerQuestion(ctx, question, deps));

  composer.command('new', async (ctx) => {
    ctx.session = { turns: [] };
    await ctx.reply(ctx.t('new-conversation'));
  });

  composer.command('cancel', async (ctx) => {
    if (!(await deps.stops.stopAll(ctx.chat.id, ctx.from?.id))) await ctx.reply(ctx.t('nothing-to-cancel'));
  });

  composer.callbackQuery(stopButton.trigger, async (ctx) => {
    const runId = stopButton.decode(ctx.callbackQuery.data);
    const result = runId ? await deps.stops.stop(runId, ctx.from.id, deps.isAdmin(ctx)) : ('gone' as const);
    // Only the asker (or an admin) stops an answer; a finished one has nothing left to stop.
    const said = { stopped: 'cancelled', 'not-yours': 'stop-not-yours', gone: 'nothing-to-cancel' }[result];
    await ctx.answerCallbackQuery({ text: ctx.t(said) });
  });

  composer.command('ask', (ctx) => ask(ctx, ctx.match));

  composer.on('message:text', async (ctx, next) => {
    const command = leadingCommand(ctx.msg.text, ctx.msg.entities);
    if (!command) return next();
    // In a group a bare or foreign command is for another bot.
    const mine = command.target
      ? command.target.toLowerCase() === ctx.me.username.toLowerCase()
      : ctx.chat.type === 'private';
    if (!mine) return;
    const commands = commandList(deps.isAdmin(ctx), (key) => ctx.t(key));
    await ctx.reply(ctx.t('unknown-command', html({ command: command.name, commands })), { parse_mode: 'HTML' });
  });

  composer.on('message:text', async (ctx, next) => {
    const question = addressedText(ctx, ctx.msg.text, ctx.msg.entities);
    if (question === null) return next();
    await ask(ctx, question);
  });

  // A photo or a file with the question in its caption.
  composer.on('message:caption', async (ctx, next) => {
    const question = addressedText(ctx, ctx.msg.caption, ctx.msg.caption_entities);
    if (question === null) return next();
    await ask(ctx, question);
  });

  composer.on('message:voice', async (ctx) => {
    // In a group a voice message is for the people there unless it answers the bot.
    if (ctx.chat.type !== 'private' && ctx.msg.reply_to_message?.from?.id !== ctx.me.id) return;
    await deps.limiter(ctx, async () => {
      await answerQuestion(ctx, await transcribed(ctx, deps), deps);
    });
  });

  composer.on('message', async (ctx) => {
    if (ctx.chat.type === 'private') await ctx.reply(ctx.t('caption-needed'));
  });

  return composer;
}

/**
 * A voice message as text, said back so the reader sees what was heard. The core's refusals (no
 * speech-to-text here, too long, nothing heard, the API down) are UserErrors: the error boundary
 * says them.
 */
async function transcribed(ctx: BotContext, deps: QuestionDeps): Promise<string> {
  const voice = ctx.msg!.voice!;
  ctx.chatAction = 'typing';
  try {
    const file = await ctx.getFile();
    if (!file.file_path) throw new Error('getFile gave no file_path for a voice message');
    const audio = await deps.download(file.file_path);
    const name = file.file_path.split('/').pop() ?? 'voice.ogg';
    // No language hint: a Chinese reader may well use an English-language client.
    const text = await deps.asking.transcribe(audio, name, { durationSeconds: voice.duration });
    await ctx.reply(ctx.t('voice-heard', html({ text })), {
      parse_mode: 'HTML',
      reply_parameters: { message_id: ctx.msg!.message_id, allow_sending_without_reply: true },
    });
    return text;
  } finally {
    ctx.chatAction = null;
  }
}
