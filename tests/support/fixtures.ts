import { type Campus, campusWithoutFacts, emptyChatService } from '../../src/shared/campuses/schemas';
import { emptyNotesView } from '../../src/shared/notes/schemas';
import type { Chat, ChatMessage } from '../../src/shared/chats/schemas';
import type { Operator } from '../../src/shared/session/schemas';

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
