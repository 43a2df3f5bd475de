import type { ChatFieldSource } from '../chats/fields';
import type { InterviewStore } from './interview-store';

/** The chat field `interview`, read from the interview table. */
export function interviewChatField(store: InterviewStore): ChatFieldSource<'interview'> {
  return {
    one: (chatId) => store.of(chatId),
    many: (chatIds) => {
      const byChat = store.ofChats(chatIds);
      return (chatId) => byChat.get(chatId) ?? null;
    },
  };
}
