import { z } from 'zod';
import { ChatId, Empty } from '../protocol/common';
import { Interview } from './schemas';

export const interviewCalls = {
  'interview.set': { args: z.object({ chatId: ChatId, interview: Interview }).strict(), result: Empty },
} as const;
