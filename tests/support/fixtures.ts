import { campusWithoutFacts } from '../../src/shared/desk';
import type { Campus, Chat, Operator } from '../../src/shared/protocol';

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
  messages: [],
  ...extra,
});
