import { updateChat } from '../chats/reduce';
import type { EventReducers } from '../desk/state';
import type { IncidentEvent } from './events';

export const incidentReducers: EventReducers<IncidentEvent> = {
  'chat.incident': (state, { chatId, incident }) =>
    updateChat(state, chatId, (chat) => {
      const index = chat.incidents.findIndex((i) => i.id === incident.id);
      if (index >= 0 && JSON.stringify(chat.incidents[index]) === JSON.stringify(incident)) return chat;
      const incidents = index >= 0 ? chat.incidents.map((i, n) => (n === index ? incident : i)) : [...chat.incidents, incident];
      return { ...chat, incidents };
    }),
};
