import { z } from 'zod';
import { OperatorPresence, Presence } from './schemas';

export const presenceEvents = [z.object({ type: z.literal('operator.presence'), operator: OperatorPresence })] as const;
export type PresenceEvent = z.infer<(typeof presenceEvents)[number]>;

export const presenceCommands = [z.object({ kind: z.literal('presence'), presence: Presence })] as const;
export type PresenceCommand = z.infer<(typeof presenceCommands)[number]>;
