import { GrammyError, type Api } from 'grammy';
import type { InlineKeyboardMarkup, ReplyParameters } from 'grammy/types';
import type { Log } from '../../observe/log.js';

export interface LiveMessageOptions {
  /** An existing message to keep editing; otherwise the first update sends one. */
  messageId?: number;
  /** Telegram allows about one edit a second per chat. */
  intervalMs?: number;
  replyParameters?: ReplyParameters;
  /** Buttons while the text keeps changing (⏹); the caller sets the final ones. */
  replyMarkup?: InlineKeyboardMarkup;
  /**
   * Show updates as a draft (sendMessageDraft: private chats, animated, not kept) while the
   * server accepts them; the first refusal switches to sending a message and editing it.
   */
  draftId?: number;
  /** Told when the server refuses drafts for good, so later answers in this chat need not try. */
  onDraftRefused?: () => void;
  log?: Log;
}

/**
 * A message whose text keeps changing — a streamed answer, reindex progress. Only the latest text
 * matters, so updates arriving faster than the interval replace each other, and a failed edit is
 * simply skipped: the final text is set by the caller after `stop()`.
 */
export class LiveMessage {
  messageId: number | null;
  private draftId: number | null;
  private latest: string | null = null;
  private shown: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private lastSent = 0;
  private stopped = false;
  private readonly intervalMs: number;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly options: LiveMessageOptions = {},
  ) {
    this.messageId = options.messageId ?? null;
    this.draftId = options.draftId ?? null;
    this.intervalMs = options.intervalMs ?? 1_000;
    if (this.messageId !== null) this.lastSent = Date.now();
  }

  update(html: string): void {
    if (this.stopped) return;
    this.latest = html;
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.chain = this.chain.then(() => this.push());
    }, wait);
  }

  /**
   * No more updates; resolves once the one in flight is done, with the id of the message that
   * was sent, if one was (drafts are not messages: the final text must be sent as one).
   */
  async stop(): Promise<number | null> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain;
    return this.messageId;
  }

  private async push(): Promise<void> {
    const text = this.latest;
    if (this.stopped || text === null || text === this.shown) return;
    if (this.draftId !== null) {
      try {
        await this.api.sendMessageDraft(this.chatId, this.draftId, text, { parse_mode: 'HTML' });
        this.shown = text;
        this.lastSent = Date.now();
        return;
      } catch (error) {
        this.draftId = null;
        // A refusal (no such method, not allowed here) will not change; a network error, a 429 or
        // a server error may, so they only end drafts for this answer.
        if (error instanceof GrammyError && [400, 403, 404].includes(error.error_code)) {
          this.options.log?.warn({ err: error }, 'drafts refused, editing a message instead');
          this.options.onDraftRefused?.();
        }
      }
    }
    try {
      if (this.messageId === null) {
        const sent = await this.api.sendMessage(this.chatId, text, {
          parse_mode: 'HTML',
          reply_parameters: this.options.replyParameters,
          reply_markup: this.options.replyMarkup,
        });
        this.messageId = sent.message_id;
      } else {
        await this.api.editMessageText(this.chatId, this.messageId, text, {
          parse_mode: 'HTML',
          reply_markup: this.options.replyMarkup,
        });
      }
      this.shown = text;
    } catch (error) {
      this.options.log?.warn({ err: error }, 'live message update failed');
    }
    this.lastSent = Date.now();
  }
}
