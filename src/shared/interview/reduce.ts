import { updateChat } from '../chats/reduce';
import type { EventReducers } from '../desk/state';
import type { InterviewEvent } from './events';

export const interviewReducers: EventReducers<InterviewEvent> = {
  'chat.interview': (state, { chatId, interview }) =>
    updateChat(state, chatId, (chat) => (JSON.stringify(chat.interview) === JSON.stringify(interview) ? chat : { ...chat, interview })),
};
