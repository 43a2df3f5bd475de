import { z } from 'zod';
import { Empty, Timestamp } from '../protocol/common';

export const UpdateState = z.enum(['off', 'idle', 'checking', 'downloading', 'ready', 'installing', 'error']);
export type UpdateState = z.infer<typeof UpdateState>;

/**
 * Where the app's own update stands. A downloaded update is installed only when the librarian
 * holds no chat and confirms, or at the next quit: never in the middle of a chat.
 */
export const UpdateView = z.object({
  state: UpdateState,
  /** The version running now. */
  current: z.string().max(64),
  /** The version found (downloading, ready or installing). */
  version: z.string().max(64).nullable(),
  /** Download progress, 0..100, while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  /** Ready, but held back: the librarian holds a chat. */
  held: z.boolean(),
  /** When the update server was last asked (local clock). */
  checkedAt: Timestamp.nullable(),
  error: z.string().max(300).nullable(),
});
export type UpdateView = z.infer<typeof UpdateView>;

export const updateCalls = {
  'updates.get': { args: Empty, result: UpdateView },
  /** Ask the update server now (the settings panel's "Check for updates"). */
  'updates.check': { args: Empty, result: UpdateView },
  /** The librarian confirmed: restart into the downloaded update. Refused while they hold a chat. */
  'updates.install': { args: Empty, result: UpdateView },
} as const;

export const UpdatePush = z.object({ type: z.literal('update'), update: UpdateView });
