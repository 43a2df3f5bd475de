import { chatFieldShapes } from '../../shared/chat-fields';
import type { PatronFieldValues } from '../../shared/chats/patron-frames';
import type { ChatFieldValues } from '../../shared/chats/schemas';

export type ChatFieldName = keyof ChatFieldValues;

/**
 * How the backend reads one registered chat field (shared/chat-fields.ts) from its owner's own
 * table. The chats capability composes the summary from these and never reads those tables.
 */
export interface ChatFieldSource<K extends ChatFieldName> {
  /** The field for one chat (an event's chat, a transcript). */
  one(chatId: string): ChatFieldValues[K];
  /** The field for many chats with one query (a snapshot's rebuild); the owner's empty value for a chat without one. */
  many(chatIds: readonly string[]): (chatId: string) => ChatFieldValues[K];
  /** What the chat's patron sees of it, on their status frame; absent: nothing. */
  patron?(chatId: string): Partial<PatronFieldValues>;
}

/** A reader for every registered field: the compiler refuses a field without one. */
export type ChatFieldSources = { readonly [K in ChatFieldName]: ChatFieldSource<K> };

const isFieldName = (key: string): key is ChatFieldName => key in chatFieldShapes;
const FIELD_NAMES: readonly ChatFieldName[] = Object.keys(chatFieldShapes).filter(isFieldName);

/** Whether every registered field has a value (or a reader): what makes a Partial whole, checked rather than cast. */
function hasEveryField<T extends object>(partial: Partial<T>): partial is T {
  return FIELD_NAMES.every((name) => name in partial);
}

/** The registered fields of a chat, composed from their owners' readers. */
export class ChatFieldReader {
  constructor(private readonly sources: ChatFieldSources) {}

  /** Every registered field of one chat. */
  one(chatId: string): ChatFieldValues {
    const values: Partial<ChatFieldValues> = {};
    const read = <K extends ChatFieldName>(name: K) => {
      values[name] = this.sources[name].one(chatId);
    };
    for (const name of FIELD_NAMES) read(name);
    if (!hasEveryField<ChatFieldValues>(values)) throw new Error('a registered chat field has no reader');
    return values;
  }

  /** Every registered field of many chats: one read per field, not one per chat. */
  many(chatIds: readonly string[]): (chatId: string) => ChatFieldValues {
    const perChat = new Map<string, Partial<ChatFieldValues>>(chatIds.map((chatId) => [chatId, {}]));
    const fetch = <K extends ChatFieldName>(name: K) => {
      const lookup = this.sources[name].many(chatIds);
      for (const [chatId, values] of perChat) values[name] = lookup(chatId);
    };
    for (const name of FIELD_NAMES) fetch(name);
    return (chatId) => {
      const values = perChat.get(chatId);
      // A chat that was not asked for is read on its own.
      if (values === undefined) return this.one(chatId);
      if (!hasEveryField<ChatFieldValues>(values)) throw new Error('a registered chat field has no reader');
      return values;
    };
  }

  /** What the patron sees of every registered field, for their status frame. */
  patron(chatId: string): Partial<PatronFieldValues> {
    return FIELD_NAMES.reduce<Partial<PatronFieldValues>>((view, name) => ({ ...view, ...this.sources[name].patron?.(chatId) }), {});
  }
}
