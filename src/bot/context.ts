import type { Context, SessionFlavor } from 'grammy';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { AutoChatActionFlavor } from '@grammyjs/auto-chat-action';
import type { Turn } from '../types.js';

/** An exchange of a conversation, with when it was asked: old ones are not used for follow-ups. */
export interface TimedTurn extends Turn {
  at: number;
}

/** What the bot keeps of one conversation: a private chat, or one person in one group topic. */
export interface Conversation {
  turns: TimedTurn[];
}

export type BotContext = Context & SessionFlavor<Conversation> & I18nFlavor & AutoChatActionFlavor;
