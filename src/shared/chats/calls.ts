import { z } from 'zod';
import { ChatId, Empty, PersonName, Text } from '../protocol/common';
import { PatronEmail, PatronPhone } from './schemas';

export const chatCalls = {
  'chat.claim': { args: z.object({ chatId: ChatId }).strict(), result: Empty },
  'chat.send': { args: z.object({ chatId: ChatId, text: Text }).strict(), result: Empty },
  'chat.end': { args: z.object({ chatId: ChatId, policy: z.boolean().optional() }).strict(), result: Empty },
  'chat.setPatron': { args: z.object({ chatId: ChatId, givenName: PersonName.nullable(), email: PatronEmail, phone: PatronPhone }).strict(), result: Empty },
  /** Load a chat's transcript into the desk (the snapshot has summaries only); done once per chat until the next snapshot. */
  'chat.history': { args: z.object({ chatId: ChatId }).strict(), result: Empty },
} as const;

export const FocusChatPush = z.object({ type: z.literal('focusChat'), chatId: ChatId });
