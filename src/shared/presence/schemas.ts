import { z } from 'zod';
import { Timestamp } from '../protocol/common';
import { Operator } from '../session/schemas';

export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

export const OperatorPresence = Operator.extend({ presence: Presence, since: Timestamp });
export type OperatorPresence = z.infer<typeof OperatorPresence>;
