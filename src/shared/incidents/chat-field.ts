import { z } from 'zod';
import { chatField } from '../chats/field';
import type { IncidentEvent } from './events';
import { IncidentSummary } from './schemas';

/** Incident reports filed about a chat, on its summary (table `incident_reports`; never shown to the patron). */
export const incidentsChatField = chatField({
  shape: { incidents: z.array(IncidentSummary).max(20).default([]) },
  changedBy: { 'chat.incident': (event: IncidentEvent) => [event.chatId] },
  patron: {},
});
