import { z } from 'zod';
import { CampusId, ChatId, ClientId, PersonName, PROTOCOL_VERSION, Text } from '../protocol/common';
import { PatronEmail } from './schemas';

/**
 * A patron leaves a ticket from the chat page: at the 60 s offer (their waiting chat becomes the
 * ticket), on return after their chat dropped, or outside the chat hours (no chat at all). The
 * chat, when there is one, is named with its resume token, so the frame works on any connection.
 */
export const ticketPatronClientFrames = [
  z.object({
    type: z.literal('ticket'),
    v: z.literal(PROTOCOL_VERSION),
    id: ClientId,
    campus: CampusId,
    name: PersonName,
    email: PatronEmail,
    question: Text,
    chat: z.object({ chatId: ChatId, token: z.string().min(16).max(200) }).strict().optional(),
  }),
] as const;
export type TicketPatronClientFrame = z.infer<(typeof ticketPatronClientFrames)[number]>;

export const ticketPatronServerFrames = [
  z.object({ type: z.literal('ticket_made'), id: ClientId, encounterId: z.string().max(40), text: z.string().max(2000) }),
] as const;
