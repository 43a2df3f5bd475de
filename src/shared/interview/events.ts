import { z } from 'zod';
import { ChatId } from '../protocol/common';
import { Interview } from './schemas';

export const interviewEvents = [z.object({ type: z.literal('chat.interview'), chatId: ChatId, interview: Interview })] as const;
export type InterviewEvent = z.infer<(typeof interviewEvents)[number]>;

/** The librarian holding the chat records where the interview stands (also after the chat ended, for the record). */
export const interviewCommands = [z.object({ kind: z.literal('interview.set'), chatId: ChatId, interview: Interview })] as const;
export type InterviewCommand = z.infer<(typeof interviewCommands)[number]>;
