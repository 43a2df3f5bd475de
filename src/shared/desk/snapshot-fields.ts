import type { DeskEventType, DeskSnapshot } from './events';

/** Snapshot fields that differ per librarian (notes go only to their readers). */
export type PersonalSnapshotKey = 'notes';
/** The snapshot fields every librarian shares; serverTime is the clock, set on each join. */
export type SharedSnapshotKey = Exclude<keyof DeskSnapshot, 'serverTime' | PersonalSnapshotKey>;
export type SharedSnapshot = Pick<DeskSnapshot, SharedSnapshotKey>;

/**
 * Which shared snapshot fields each event can change, as the reducer applies it. The backend
 * keeps each serialised field between late joins and rebuilds only those an event names, so a
 * new event type does not compile until it is listed here, and tests/unit/snapshot-fields.test.ts
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
