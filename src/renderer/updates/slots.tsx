import type { SlotSpec } from '../slots/slot';
import { UpdateBanner } from './UpdateBanner';

export const updateSlots: SlotSpec[] = [{ slot: 'desk-banner', id: 'update', priority: 20, Part: UpdateBanner }];
