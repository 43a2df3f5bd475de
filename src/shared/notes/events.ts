import { z } from 'zod';
import { ChatId, Seq, Text } from '../protocol/common';
import { Note, NoteAudience, NoteThread } from './schemas';

/**
 * Note events go only to the librarians who may read them (the author and the audience), never
 * to every desk; `notes.read` goes only to the reader's own desks.
 */
export const noteEvents = [
  z.object({ type: z.literal('note.posted'), note: Note }),
  z.object({ type: z.literal('notes.read'), thread: NoteThread, seq: Seq }),
] as const;
export type NoteEvent = z.infer<(typeof noteEvents)[number]>;

export const noteCommands = [
  /** A note to a librarian, a campus or everyone on shift; `about` names the chat it concerns. */
  z.object({ kind: z.literal('note.send'), to: NoteAudience, text: Text, about: ChatId.optional() }),
  /** A note inside a chat: a transcript line only librarians see. Only the chat's holder writes one. */
  z.object({ kind: z.literal('note.chat'), chatId: ChatId, text: Text }),
  /** Everything in a thread up to `seq` is read (on every desk of this librarian). */
  z.object({ kind: z.literal('notes.read'), thread: NoteThread, seq: Seq }),
] as const;
export type NoteCommand = z.infer<(typeof noteCommands)[number]>;
