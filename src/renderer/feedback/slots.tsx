import type { SlotSpec } from '../slots/slot';
import { ChatRating } from './ChatRating';

/** The patron's rating, on the patron card of the ended chat. */
export const feedbackSlots: SlotSpec[] = [{ slot: 'patron-card', id: 'rating', priority: 10, Part: ChatRating }];
