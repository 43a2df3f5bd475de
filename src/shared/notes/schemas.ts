import { z } from 'zod';
import { CampusId, ChatId, MAX_TEXT_CHARS, Seq, Timestamp } from '../protocol/common';
import { Operator } from '../session/schemas';

/** Who an internal note is for: one librarian, every librarian of a campus, or everyone on shift. */
export const NoteAudience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('operator'), operatorId: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('campus'), campus: CampusId }).strict(),
  z.object({ kind: z.literal('shift') }).strict(),
]);
export type NoteAudience = z.infer<typeof NoteAudience>;

/**
 * An internal note between librarians (never a patron's to see). A note inside a chat is a
 * transcript line with visibility `operators` instead (see the chats capability).
 */
export const Note = z.object({
  id: z.string().min(1).max(64),
  /** The backend's order of every note; read marks are kept as the last seq read. */
  seq: Seq,
  from: Operator,
  to: NoteAudience,
  /** The addressee of a direct note, so both ends can name the conversation. */
  toOperator: Operator.nullable(),
  text: z.string().max(MAX_TEXT_CHARS),
  at: Timestamp,
  /** The chat a note is about ("can you take this Tunxis chat?"), when it is about one. */
  about: ChatId.nullable(),
});
export type Note = z.infer<typeof Note>;

/**
 * A conversation of notes, as its reader names it: `shift` (everyone on shift), `campus:<id>`
 * (that campus's librarians), `op:<id>` (direct notes between the reader and that librarian).
 */
export const NoteThread = z.string().regex(/^(shift|campus:[a-z0-9-]{1,40}|op:[A-Za-z0-9_-]{1,64})$/, 'not a note thread');
export type NoteThread = z.infer<typeof NoteThread>;

/** What one librarian's desk holds of notes: the latest ones they may read, and how far they have read each thread. */
export const NotesView = z.object({
  items: z.array(Note).max(1000),
  read: z.record(NoteThread, Seq),
});
export type NotesView = z.infer<typeof NotesView>;
export const emptyNotesView: NotesView = { items: [], read: {} };
