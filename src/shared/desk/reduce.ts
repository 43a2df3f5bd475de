import { campusesFromSnapshot, campusReducers } from '../campuses/reduce';
import type { ChatHistory } from '../chats/events';
import { chatReducers, chatsFromSnapshot, withHistory } from '../chats/reduce';
import { faqReducers, faqsFromSnapshot } from '../faqs/reduce';
import { incidentReducers } from '../incidents/reduce';
import { interviewReducers } from '../interview/reduce';
import { noteReducers, notesFromSnapshot } from '../notes/reduce';
import { operatorsFromSnapshot, presenceReducers } from '../presence/reduce';
import { templateReducers, templatesFromSnapshot } from '../templates/reduce';
import { ticketReducers, ticketsFromSnapshot } from '../tickets/reduce';
import { transferReducers, transfersFromSnapshot } from '../transfers/reduce';
import type { DeskEvent, DeskSnapshot } from './events';
import type { DeskState, EventReducers } from './state';
import { dispatch } from '../dispatch';

/** Everything the reducer applies: the stream's events, a snapshot, and what main fetched itself (a chat's history). */
export type DeskAction = DeskEvent | { type: 'snapshot'; snapshot: DeskSnapshot } | ChatHistory;

/** Every event type has its reducer: the compiler refuses a registry that misses one. */
const reducers: EventReducers<DeskEvent> = {
  ...chatReducers,
  ...presenceReducers,
  ...campusReducers,
  ...faqReducers,
  ...templateReducers,
  ...interviewReducers,
  ...incidentReducers,
  ...noteReducers,
  ...transferReducers,
  ...ticketReducers,
};

/**
 * The one desk reducer, used by the main core, the renderer store and the tests.
 * Pure and idempotent: applying an event twice leaves the state as applying it once.
 */
export function reduceDesk(state: DeskState, action: DeskAction): DeskState {
  if (action.type === 'snapshot') {
    const s = action.snapshot;
    return {
      ...campusesFromSnapshot(s),
      ...chatsFromSnapshot(s),
      ...operatorsFromSnapshot(s),
      ...faqsFromSnapshot(s),
      ...templatesFromSnapshot(s),
      ...notesFromSnapshot(s),
      ...transfersFromSnapshot(s),
      ...ticketsFromSnapshot(s),
    };
  }
  if (action.type === 'chat.history') return withHistory(state, action);
  const next: DeskState = dispatch('type', reducers, state, action);
  return next;
}

/** The desk as a snapshot again: what main pushes to a renderer that (re)subscribes. */
export function deskSnapshot(state: DeskState, serverTime: number): DeskSnapshot {
  return {
    campuses: [...state.campuses],
    chatService: state.chatService,
    faqRev: state.faqs.rev,
    templates: Object.values(state.templates),
    chats: Object.values(state.chats),
    operators: Object.values(state.operators),
    notes: state.notes,
    transfers: Object.values(state.transfers),
    tickets: Object.values(state.tickets),
    serverTime,
  };
}
