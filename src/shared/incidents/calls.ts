import { z } from 'zod';
import { ChatId, Empty } from '../protocol/common';

export const incidentCalls = {
  'incident.report': { args: z.object({ chatId: ChatId, note: z.string().trim().min(1, 'say what happened').max(4000) }).strict(), result: Empty },
} as const;
