import { z } from 'zod';
import { Empty } from '../protocol/common';

export const linkCalls = {
  /** Open a link in the system browser: http(s) and mailto only. */
  'shell.openExternal': { args: z.object({ url: z.string().max(2000) }).strict(), result: Empty },
} as const;
