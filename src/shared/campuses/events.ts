import { z } from 'zod';
import { Campus, ChatService } from './schemas';

/** What changes the campus directory on every desk. */
export const campusEvents = [
  z.object({ type: z.literal('campus.updated'), campus: Campus }),
  z.object({ type: z.literal('chatService.updated'), chatService: ChatService }),
] as const;
export type CampusEvent = z.infer<(typeof campusEvents)[number]>;

/**
 * Directory edits. The backend decides who may make them from its own records (the admin
 * role), never from anything the client says about itself.
 */
export const campusCommands = [
  z.object({ kind: z.literal('campus.update'), campus: Campus }),
  z.object({ kind: z.literal('chatService.update'), chatService: ChatService }),
] as const;
export type CampusCommand = z.infer<(typeof campusCommands)[number]>;
