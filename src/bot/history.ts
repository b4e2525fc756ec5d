import type { Turn } from '../types.js';

/**
 * The last exchanges of each chat, for follow-up questions. In memory only: a conversation that
 * does not survive a restart just starts over. Bounded in chats too, forgetting the quietest.
 */
export class ChatHistory {
  private readonly chats = new Map<number, Turn[]>();

  constructor(
    private readonly maxTurns: number,
    private readonly maxChats = 5_000,
  ) {}

  get(chatId: number): Turn[] {
    return [...(this.chats.get(chatId) ?? [])];
  }

  add(chatId: number, turn: Turn): void {
    if (this.maxTurns === 0) return;
    const turns = [...(this.chats.get(chatId) ?? []), turn].slice(-this.maxTurns);
    // Re-inserting moves the chat to the end of the Map's order, so the first key is the quietest.
    this.chats.delete(chatId);
    this.chats.set(chatId, turns);
    if (this.chats.size > this.maxChats) this.chats.delete(this.chats.keys().next().value!);
  }

  clear(chatId: number): void {
    this.chats.delete(chatId);
  }
}
