import { chatFieldEvents } from '../chat-fields';
import type { DeskEvent, DeskEventType, DeskSnapshot } from './events';

/** Snapshot fields that differ per librarian (notes go only to their readers). */
export type PersonalSnapshotKey = 'notes';
/** The snapshot fields every librarian shares; serverTime is the clock, set on each join. */
export type SharedSnapshotKey = Exclude<keyof DeskSnapshot, 'serverTime' | PersonalSnapshotKey>;
export type SharedSnapshot = Pick<DeskSnapshot, SharedSnapshotKey>;

/**
 * Which shared snapshot fields each event can change, as the reducer applies it. The backend
 * keeps each serialised field between late joins and rebuilds only those an event names, so a
 * new event type does not compile until it is listed here, and tests/desk/snapshot-fields.test.ts
 * checks the reducer agrees. Transcript lines are not in snapshots (chats are summaries), and
 * notes are personal, so those events name no shared field.
 */
export const sharedFieldsChangedBy: Record<DeskEventType, readonly SharedSnapshotKey[]> = {
  'campus.updated': ['campuses'],
  'chatService.updated': ['chatService'],
  'chat.created': ['chats'],
  'chat.claimed': ['chats'],
  'chat.message': [],
  'chat.ticket_offered': ['chats'],
  'chat.ended': ['chats'],
  'chat.patron': ['chats'],
  'chat.patron_link': ['chats'],
  'chat.interview': ['chats'],
  'chat.incident': ['chats'],
  'chat.transferred': ['chats'],
  'chat.requeued': ['chats'],
  'faqs.changed': ['faqRev'],
  'templates.changed': ['templates'],
  'note.posted': [],
  'notes.read': [],
  'operator.presence': ['operators'],
  'transfer.offered': ['transfers'],
  'transfer.closed': ['transfers'],
  'ticket.created': ['tickets'],
  'ticket.updated': ['tickets'],
};

/** One event type's answer to "whose chat summaries did you change?": the ids of those chats. */
export type ChatsChangedBy<T extends DeskEventType> = (event: Extract<DeskEvent, { type: T }>) => readonly string[];
export type ChatsChangedByTable = { [T in DeskEventType]: ChatsChangedBy<T> };

const noChat = (): readonly string[] => [];

/**
 * Which chats' summaries (a chat without its lines, as the snapshot carries it) each event
 * changes, declared per event type rather than read from its name: the backend keeps each
 * summary serialised and rebuilds only those named here (server/chats/snapshot-summaries.ts).
 * The compiler refuses a missing event type; tests/desk/snapshot-fields.test.ts checks each
 * entry against the reducer. An event whose type lists `chats` above names at least one chat here.
 */
export const chatSummariesChangedBy: ChatsChangedByTable = {
  'campus.updated': noChat,
  'chatService.updated': noChat,
  'chat.created': (event) => [event.chat.id],
  'chat.claimed': (event) => [event.chatId],
  // A transcript line: summaries carry no lines.
  'chat.message': noChat,
  'chat.ticket_offered': (event) => [event.chatId],
  'chat.ended': (event) => [event.chatId],
  'chat.patron': (event) => [event.chatId],
  'chat.patron_link': (event) => [event.chatId],
  'chat.transferred': (event) => [event.chatId],
  'chat.requeued': (event) => [event.chat.id],
  'faqs.changed': noChat,
  'templates.changed': noChat,
  'note.posted': noChat,
  'notes.read': noChat,
  'operator.presence': noChat,
  'transfer.offered': noChat,
  'transfer.closed': noChat,
  'ticket.created': noChat,
  'ticket.updated': noChat,
  // Events of the fields other capabilities own on a chat, as each field declares them.
  ...chatFieldEvents,
};

/**
 * The table's entry for this event, applied. Indexing by a generic type keeps the entry and
 * its event correlated, so no cast is needed (TypeScript's correlated-union pattern).
 */
function entryFor<T extends DeskEventType>(table: ChatsChangedByTable, type: T): ChatsChangedBy<T> {
  return table[type];
}

/** The ids of the chats whose summaries `event` changes. */
export function chatsChangedBy(event: DeskEvent, table: ChatsChangedByTable = chatSummariesChangedBy): readonly string[] {
  return entryFor(table, event.type)(event);
}
