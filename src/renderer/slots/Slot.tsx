import { createContext, useContext } from 'react';
import type { ChatPanelProps } from '../dock/panel';
import type { ChatSlotName, ChatSlotSpec, DeskSlotName, DeskSlotSpec, SlotSpec } from './slot';

/** What the capabilities add to the desk's slots, as the composition root (../capabilities.ts) lists it. */
export const SlotsContext = createContext<readonly SlotSpec[]>([]);

const inOrder = <T extends SlotSpec>(specs: readonly SlotSpec[], keep: (s: SlotSpec) => s is T): T[] => specs.filter(keep).sort((a, b) => a.priority - b.priority);

/** Every part contributed to a slot about the chat in front, in priority order. */
export function ChatSlot({ name, ...props }: ChatPanelProps & { name: ChatSlotName }) {
  const parts = inOrder(useContext(SlotsContext), (s): s is ChatSlotSpec => s.slot === name);
  return (
    <>
      {parts.map(({ id, Part }) => (
        <Part key={id} {...props} />
      ))}
    </>
  );
}

/** Every part contributed to a slot of the desk, in priority order. */
export function DeskSlot({ name }: { name: DeskSlotName }) {
  const parts = inOrder(useContext(SlotsContext), (s): s is DeskSlotSpec => s.slot === name);
  return (
    <>
      {parts.map(({ id, Part }) => (
        <Part key={id} />
      ))}
    </>
  );
}
