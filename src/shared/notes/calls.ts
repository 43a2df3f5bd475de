import { z } from 'zod';
import { ChatId, Empty, Seq, Text } from '../protocol/common';
import { NoteAudience, NoteThread } from './schemas';

export const noteCalls = {
  'note.send': { args: z.object({ to: NoteAudience, text: Text, about: ChatId.optional() }).strict(), result: Empty },
  'note.chat': { args: z.object({ chatId: ChatId, text: Text }).strict(), result: Empty },
  'notes.read': { args: z.object({ thread: NoteThread, seq: Seq }).strict(), result: Empty },
} as const;
