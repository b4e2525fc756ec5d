import type { Context, SessionFlavor } from 'grammy';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { AutoChatActionFlavor } from '@grammyjs/auto-chat-action';
import type { Conversation } from '../state/conversation.js';

export type BotContext = Context & SessionFlavor<Conversation> & I18nFlavor & AutoChatActionFlavor;
