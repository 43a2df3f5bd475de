/**
 * How the page's parts are composed. Each capability's part (the conversation, the end of a
 * chat, the ticket form, chat hours) handles the server frames it cares about; widget.ts puts
 * their handlers in one table, which the compiler refuses if a server frame type has none.
 */
import type { z } from 'zod';
import type { PatronClientFrame, PatronServerFrame } from '../../../shared/protocol/patron';

export type ServerFrame = z.infer<typeof PatronServerFrame>;
export type ClientFrame = z.infer<typeof PatronClientFrame>;
export type ServerFrameType = ServerFrame['type'];
export type FrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
export type FrameHandler<T extends ServerFrameType> = (frame: FrameOf<T>) => void;

/** Every server frame type, with the parts' handlers in the order they run (an empty list: deliberately ignored). */
export type FrameTable = { readonly [T in ServerFrameType]: readonly FrameHandler<T>[] };

function handlersFor<T extends ServerFrameType>(table: FrameTable, type: T): readonly FrameHandler<T>[] {
  return table[type];
}

/** Give a frame to every part that handles its type, in the table's order. */
export function dispatchFrame(table: FrameTable, frame: ServerFrame): void {
  for (const handle of handlersFor(table, frame.type)) handle(frame);
}
