import { type Campus, campusWithoutFacts, emptyChatService } from '../../src/shared/campuses/schemas';
import { emptyNotesView } from '../../src/shared/notes/schemas';
import type { Chat, ChatMessage } from '../../src/shared/chats/schemas';
import type { Operator } from '../../src/shared/session/schemas';
import type { Ticket } from '../../src/shared/tickets/schemas';
import type { TransferOffer } from '../../src/shared/transfers/schemas';

export const campus = (id: string, name = id): Campus => campusWithoutFacts(id, name);

export const operator = (id: string, campusId: string, name = `Librarian ${id}`): Operator => ({ id, name, campus: campusId });

export const chat = (id: string, campusId: string, createdAt: number, extra: Partial<Chat> = {}): Chat => ({
  id,
  encounterId: `ENC-${id}`,
  campus: campusId,
  patronName: 'Pat',
  question: 'When do you close?',
  nameIsQuestion: false,
  state: 'waiting',
  createdAt,
  claimedBy: null,
  claimedAt: null,
  endedAt: null,
  endReason: null,
  ticketOfferedAt: null,
  queuedAt: null,
  messages: [],
  givenName: null,
  patronEmail: '',
  patronPhone: '',
  patronConnected: true,
  interview: null,
  incidents: [],
  ...extra,
});

export const message = (chatId: string, seq: number, at: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${chatId}-${seq}`,
  chatId,
  seq,
  from: 'patron',
  visibility: 'patron',
  authorName: 'Pat',
  text: `#${seq}`,
  at,
  ...extra,
});

/** The parts of a desk snapshot that tests of chats and alerts leave empty: no chat service, no FAQs, no templates. */
export const directoryParts = { chatService: emptyChatService, faqRev: 0, templates: [], notes: emptyNotesView, transfers: [], tickets: [] };

/** An open ticket left without a chat, made and last changed at `at`. */
export const ticket = (id: string, at: number, extra: Partial<Ticket> = {}): Ticket => ({
  id,
  encounterId: `ENC-${id}`,
  chatId: null,
  campus: 'tunxis',
  patronName: 'Maya',
  email: 'maya@example.edu',
  question: 'Where are the nursing journals?',
  status: 'open',
  createdBy: null,
  createdAt: at,
  updatedAt: at,
  closedBy: null,
  closedAt: null,
  closeNote: '',
  deliveries: [],
  ...extra,
});

/** A pending transfer offer made at `createdAt`, open for a minute. */
export const transferOffer = (id: string, chatId: string, from: Operator, to: Operator, createdAt: number, extra: Partial<TransferOffer> = {}): TransferOffer => ({
  id,
  chatId,
  from,
  to,
  note: '',
  createdAt,
  expiresAt: createdAt + 60_000,
  state: 'pending',
  closedAt: null,
  reason: '',
  ...extra,
});
