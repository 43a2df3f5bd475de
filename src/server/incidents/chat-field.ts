import type { IncidentSummary } from '../../shared/incidents/schemas';
import type { ChatFieldSource } from '../chats/fields';
import type { IncidentStore } from './incident-store';

/** The chat summary lists this many reports at most (its schema's limit); the director's queue has them all. */
const SHOWN = 20;
const shown = (list: IncidentSummary[] | undefined): IncidentSummary[] => (list ?? []).slice(0, SHOWN);

/** The chat field `incidents`, read from the incident reports table. */
export function incidentsChatField(store: IncidentStore): ChatFieldSource<'incidents'> {
  return {
    one: (chatId) => shown(store.summariesOf(chatId)),
    many: (chatIds) => {
      const byChat = store.summariesOfChats(chatIds);
      return (chatId) => shown(byChat.get(chatId));
    },
  };
}
