import type { ChatPanelProps } from '../dock/panel';
import type { SlotSpec } from '../slots/slot';
import { ChatHandoffs } from './ChatHandoffs';
import { HandoffBanner } from './HandoffBanner';

/** The hand-off tools are the holder's: transfer, ticket, internal note (Alt+T, Alt+K). */
const Handoffs = ({ chat, mine }: ChatPanelProps) => (mine ? <ChatHandoffs chat={chat} /> : null);

export const transferSlots: SlotSpec[] = [
  { slot: 'chat-actions', id: 'handoffs', priority: 10, Part: Handoffs },
  // Chats offered to this librarian, above everything else on the desk.
  { slot: 'desk-banner', id: 'offers', priority: 30, Part: HandoffBanner },
];
