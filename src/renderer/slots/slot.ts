import type { ComponentType } from 'react';
import type { ChatPanelProps } from '../dock/panel';

/**
 * The places in the desk another capability may add to, without the owner importing it:
 * - `chat-actions`: the chat pane's toolbar, for the chat in front (hand-offs, quick answers);
 * - `patron-card`: below the patron card's facts (what a capability knows of this patron or chat);
 * - `desk-banner`: above the desk, under the top bar (sound off, an update, chats offered to me).
 */
export type ChatSlotName = 'chat-actions' | 'patron-card';
export type DeskSlotName = 'desk-banner';

interface SlotBase {
  /** Unique within its slot; the React key. */
  id: string;
  /** Lower comes first within the slot. */
  priority: number;
}

export interface ChatSlotSpec extends SlotBase {
  slot: ChatSlotName;
  Part: ComponentType<ChatPanelProps>;
}

export interface DeskSlotSpec extends SlotBase {
  slot: DeskSlotName;
  Part: ComponentType;
}

export type SlotSpec = ChatSlotSpec | DeskSlotSpec;
