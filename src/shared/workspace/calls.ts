import { z } from 'zod';
import { ChatId, Empty, Timestamp } from '../protocol/common';

/**
 * The conversation workspace between the renderer and main: which chat is in front of the
 * librarian (main decides the message chime and unread counts from it), typing both ways, and
 * what main tells the renderer back.
 */
export const workspaceCalls = {
  /** The chat in front of the librarian (null: none) and whether the window is visible. */
  'workspace.front': { args: z.object({ chatId: ChatId.nullable(), visible: z.boolean() }).strict(), result: Empty },
  /** The librarian is typing in a chat (or stopped); relayed to the patron, never stored. Dropped while offline. */
  'chat.typing': { args: z.object({ chatId: ChatId, typing: z.boolean() }).strict(), result: Empty },
} as const;

/** The patron of a chat is typing (or stopped): shown for a few seconds at most. */
export const TypingPush = z.object({ type: z.literal('typing'), chatId: ChatId, typing: z.boolean(), at: Timestamp });
export type TypingPush = z.infer<typeof TypingPush>;

/** Patron messages not yet seen, per chat the librarian holds (the tabs' badges; the tray has the total). */
export const UnreadPush = z.object({ type: z.literal('unread'), counts: z.record(ChatId, z.number().int().nonnegative()) });
export type UnreadPush = z.infer<typeof UnreadPush>;

/** A patron wrote in a chat the librarian holds while it was not in front: the shells show a notification. */
export const PatronMessagePush = z.object({
  type: z.literal('patronMessage'),
  chatId: ChatId,
  patron: z.string().max(200),
  campusName: z.string().max(200),
  text: z.string().max(8000),
});
export type PatronMessagePush = z.infer<typeof PatronMessagePush>;
