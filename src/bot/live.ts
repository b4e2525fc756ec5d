import type { Api } from 'grammy';
import type { ReplyParameters } from 'grammy/types';

export interface LiveMessageOptions {
  /** An existing message to keep editing; otherwise the first update sends one. */
  messageId?: number;
  /** Telegram allows about one edit a second per chat. */
  intervalMs?: number;
  replyParameters?: ReplyParameters;
  log?: (message: string) => void;
}

/**
 * A message whose text keeps changing — a streamed answer, reindex progress. Only the latest text
 * matters, so updates arriving faster than the interval replace each other, and a failed edit is
 * simply skipped: the final text is set by the caller after `stop()`.
 */
export class LiveMessage {
  messageId: number | null;
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

  /** No more updates; resolves once the one in flight is done, with the message's id if any. */
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
    try {
      if (this.messageId === null) {
        const sent = await this.api.sendMessage(this.chatId, text, { parse_mode: 'HTML', reply_parameters: this.options.replyParameters });
        this.messageId = sent.message_id;
      } else {
        await this.api.editMessageText(this.chatId, this.messageId, text, { parse_mode: 'HTML' });
      }
      this.shown = text;
    } catch (error) {
      this.options.log?.(`live message update failed: ${(error as Error).message}`);
    }
    this.lastSent = Date.now();
  }
}
