import type { DeskSnapshot } from '../desk/events';
import type { DeskState, EventReducers } from '../desk/state';
import type { FaqEvent } from './events';

/** What the desk knows of the backend's FAQs: only their revision (the FAQs live in the local cache). */
export interface FaqsSlice {
  rev: number;
}

export const faqsFromSnapshot = (snapshot: DeskSnapshot): Pick<DeskState, 'faqs'> => ({ faqs: { rev: snapshot.faqRev } });

export const faqReducers: EventReducers<FaqEvent> = {
  // Revisions only go up: an older or repeated event changes nothing.
  'faqs.changed': (state, { rev }) => (rev <= state.faqs.rev ? state : { ...state, faqs: { rev } }),
};
