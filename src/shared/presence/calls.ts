import { z } from 'zod';
import { Empty } from '../protocol/common';
import { Presence } from './schemas';

export const presenceCalls = {
  'presence.set': { args: z.object({ presence: Presence }).strict(), result: Empty },
} as const;
