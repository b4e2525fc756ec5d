import { createHash } from 'node:crypto';
import { Composer, InlineKeyboard, type MiddlewareFn } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import type { Asking } from '../../../domain/ports.js';
import type { InlineCache } from '../../../state/inline-cache.js';
import { UserError, type Answer } from '../../../domain/types.js';
import type { BotContext } from '../../context.js';
import { localeOfAnswer, type Locale } from '../../i18n.js';
import { userErrorText } from '../../render/errors.js';
import { formatAnswer } from '../../render/format.js';
import { escapeHtml } from '../../render/html.js';
import { splitMessage } from '../../render/split.js';
import { cutUtf16 } from '../../render/text.js';
import type { Translate } from '../../render/translate.js';
import { passagePayload, questionPayload, startLink } from '../deep-links/start-payload.js';

export interface InlineDeps {
  asking: Pick<Asking, 'ask'>;
  /** Per person, apart from chat questions: typing an inline query sends one per pause. */
  limiter: MiddlewareFn<BotContext>;
  /** The messages of a locale: an answer's labels follow the question, not the asker's client. */
  translateIn: (locale: Locale) => Translate;
  /** Recent answers by query: in this process, or shared by every process. */
  cache: InlineCache;
}

/** How long Telegram keeps an inline answer: the reports change with a reindex at most. */
const CACHE_SECONDS = 300;

/** Shorter than this is a topic ("青岛"), not a question: it gets a hint, not an arbitrary passage. */
const MIN_HAN = 4;
const MIN_WORDS = 2;

/** Whether a query is long enough to be a question: 4 Chinese characters, or 2 words in other scripts. */
export function looksLikeQuestion(query: string): boolean {
  const han = query.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han) return han >= MIN_HAN;
  return query.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length >= MIN_WORDS;
}

/**
 * The answer as an inline result: the question, then the same text and sources as in a chat, with
 * links to the passages; whoever reads it in the chat it is posted to sees what it answers.
 */
function inlineResult(answer: Answer, username: string, t: Translate): InlineQueryResultArticle {
  const text = splitMessage(`❓ <b>${escapeHtml(answer.question)}</b>\n\n${formatAnswer(answer, t)}`)[0] ?? '';
  const keyboard = new InlineKeyboard();
  // Callback buttons would need the bot in the chat the answer lands in; a link opens the passage in the bot.
  for (const c of answer.citations) {
    const payload = passagePayload(c.id);
    if (payload) keyboard.url(`📄 ${c.n}`, startLink(username, payload));
  }
  const summary =
    answer.text
      .split('\n')
      .filter((line) => line.trim())
      .at(-1) ?? answer.text;
  return {
    type: 'article',
    id: createHash('sha256').update(answer.question).digest('hex').slice(0, 32),
    title: t('inline-answer'),
    description: cutUtf16(summary.replace(/\[\d+\]/g, ''), 120),
    input_message_content: { message_text: text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    reply_markup: keyboard.inline_keyboard.flat().length ? keyboard : undefined,
  };
}

/** `@bot question` from any chat: a quick answer from the reports, the same refusal when they do not say. */
export function inlineFeature(deps: InlineDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on('inline_query', (ctx) =>
    deps.limiter(ctx, async () => {
      const query = ctx.inlineQuery.query.trim();
      const openBot = (text: string, payload: string | null = null) => ({
        button: { text, start_parameter: payload ?? 'help' },
      });
      if (!query)
        return void (await ctx.answerInlineQuery([], {
          ...openBot(ctx.t('inline-hint')),
          cache_time: CACHE_SECONDS,
          is_personal: true,
        }));
      if (!looksLikeQuestion(query))
        return void (await ctx.answerInlineQuery([], {
          ...openBot(ctx.t('inline-too-short')),
          cache_time: CACHE_SECONDS,
          is_personal: true,
        }));
      const now = Date.now();
      let answer = await deps.cache.get(query, now);
      if (!answer) {
        try {
          answer = await deps.asking.ask(query, { quick: true });
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          // Too long, or empty after all: said on the button, where the result list would be.
          return void (await ctx.answerInlineQuery([], {
            ...openBot(cutUtf16(userErrorText(error, ctx.t), 60)),
            cache_time: 5,
            is_personal: true,
          }));
        }
        await deps.cache.set(query, answer, now);
      }
      // A refusal is nothing to post into a chat: it is said on the button, which asks in the bot's chat.
      // Nor is small talk: "谢谢" in a chat needs no reply from the bot; the button greets in its chat.
      if (answer.smallTalk)
        return void (await ctx.answerInlineQuery([], {
          ...openBot(ctx.t('inline-hint')),
          cache_time: CACHE_SECONDS,
          is_personal: true,
        }));
      if (answer.refused)
        return void (await ctx.answerInlineQuery([], {
          ...openBot(ctx.t('inline-refused'), questionPayload(query)),
          cache_time: CACHE_SECONDS,
          is_personal: true,
        }));
      const t = deps.translateIn(localeOfAnswer(answer.language, answer.script));
      const result = inlineResult(answer, ctx.me.username, t);
      await ctx.answerInlineQuery([result], {
        ...openBot(ctx.t('inline-open'), questionPayload(query)),
        cache_time: CACHE_SECONDS,
        // The button under the result speaks the asker's language: not to be served to others.
        is_personal: true,
      });
    }),
  );

  return composer;
}
