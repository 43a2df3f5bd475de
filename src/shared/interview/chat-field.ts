import { chatField } from '../chats/field';
import type { InterviewEvent } from './events';
import { Interview } from './schemas';

/** The reference interview so far, on the chat's summary (table `chat_interviews`); null until the librarian records any of it. */
export const interviewChatField = chatField({
  shape: { interview: Interview.nullable().default(null) },
  changedBy: { 'chat.interview': (event: InterviewEvent) => [event.chatId] },
  patron: {},
});
