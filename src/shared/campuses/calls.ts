import { Empty } from '../protocol/common';
import { z } from 'zod';
import { Campus, ChatService } from './schemas';

export const campusCalls = {
  /** An administrator's edit of one campus's facts and hours; refused by the backend for anyone else. */
  'campus.update': { args: z.object({ campus: Campus }).strict(), result: Empty },
  'chatService.update': { args: z.object({ chatService: ChatService }).strict(), result: Empty },
} as const;
