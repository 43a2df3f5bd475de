import type { DeskSnapshot } from '../desk/events';
import type { DeskState, EventReducers } from '../desk/state';
import type { CampusEvent } from './events';
import type { Campus, ChatService } from './schemas';

export type CampusesSlice = readonly Campus[];
export type ChatServiceSlice = ChatService;

export const campusesFromSnapshot = (snapshot: DeskSnapshot): Pick<DeskState, 'campuses' | 'chatService'> => ({
  campuses: snapshot.campuses,
  chatService: snapshot.chatService,
});

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export const campusReducers: EventReducers<CampusEvent> = {
  'campus.updated': (state, { campus }) => {
    const index = state.campuses.findIndex((c) => c.id === campus.id);
    if (index >= 0 && sameJson(state.campuses[index], campus)) return state;
    const campuses = index >= 0 ? state.campuses.map((c, i) => (i === index ? campus : c)) : [...state.campuses, campus];
    return { ...state, campuses };
  },
  'chatService.updated': (state, { chatService }) => (sameJson(state.chatService, chatService) ? state : { ...state, chatService }),
};
