import type { CampusesSlice, ChatServiceSlice } from '../campuses/reduce';
import { emptyChatService } from '../campuses/schemas';
import type { ChatsSlice } from '../chats/reduce';
import type { FaqsSlice } from '../faqs/reduce';
import type { NotesSlice } from '../notes/reduce';
import { emptyNotesView } from '../notes/schemas';
import type { OperatorsSlice } from '../presence/reduce';
import type { TemplatesSlice } from '../templates/reduce';
import type { TicketsSlice } from '../tickets/reduce';
import type { TransfersSlice } from '../transfers/reduce';

/**
 * The desk: everything one librarian's board shows, one slice per capability. Main and the
 * renderer each hold one, kept by the same reducer (./reduce.ts).
 */
export interface DeskState {
  campuses: CampusesSlice;
  chatService: ChatServiceSlice;
  faqs: FaqsSlice;
  chats: ChatsSlice;
  operators: OperatorsSlice;
  templates: TemplatesSlice;
  notes: NotesSlice;
  transfers: TransfersSlice;
  tickets: TicketsSlice;
}

export const emptyDesk: DeskState = {
  campuses: [],
  chatService: emptyChatService,
  faqs: { rev: 0 },
  chats: {},
  operators: {},
  templates: {},
  notes: emptyNotesView,
  transfers: {},
  tickets: {},
};

/**
 * A capability's reducers: one per event type it owns, each pure and idempotent (applying an
 * event twice leaves the state as applying it once; an event that changes nothing returns the
 * same object).
 */
export type EventReducers<E extends { type: string }> = {
  [T in E['type']]: (state: DeskState, event: Extract<E, { type: T }>) => DeskState;
};
