import { campusesFromSnapshot, campusReducers } from '../campuses/reduce';
import { chatReducers, chatsFromSnapshot } from '../chats/reduce';
import { faqReducers, faqsFromSnapshot } from '../faqs/reduce';
import { operatorsFromSnapshot, presenceReducers } from '../presence/reduce';
import type { DeskEvent, DeskSnapshot } from './events';
import type { DeskState, EventReducers } from './state';

export type DeskAction = DeskEvent | { type: 'snapshot'; snapshot: DeskSnapshot };

/** Every event type has its reducer: the compiler refuses a registry that misses one. */
const reducers: EventReducers<DeskEvent> = { ...chatReducers, ...presenceReducers, ...campusReducers, ...faqReducers };

/**
 * The one desk reducer, used by the main core, the renderer store and the tests.
 * Pure and idempotent: applying an event twice leaves the state as applying it once.
 */
export function reduceDesk(state: DeskState, action: DeskAction): DeskState {
  if (action.type === 'snapshot') {
    const s = action.snapshot;
    return { ...campusesFromSnapshot(s), ...chatsFromSnapshot(s), ...operatorsFromSnapshot(s), ...faqsFromSnapshot(s) };
  }
  const reduce = reducers[action.type] as (state: DeskState, event: DeskEvent) => DeskState;
  return reduce(state, action);
}

/** The desk as a snapshot again: what main pushes to a renderer that (re)subscribes. */
export function deskSnapshot(state: DeskState, serverTime: number): DeskSnapshot {
  return {
    campuses: [...state.campuses],
    chatService: state.chatService,
    faqRev: state.faqs.rev,
    chats: Object.values(state.chats),
    operators: Object.values(state.operators),
    serverTime,
  };
}
