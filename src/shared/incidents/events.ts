import { z } from 'zod';
import { ChatId } from '../protocol/common';
import { IncidentSummary } from './schemas';

/** A report about a chat was filed, or its delivery changed (same id: replaced). */
export const incidentEvents = [z.object({ type: z.literal('chat.incident'), chatId: ChatId, incident: IncidentSummary })] as const;
export type IncidentEvent = z.infer<(typeof incidentEvents)[number]>;

/**
 * An incident report to the campus director. The backend fills in the patron's name, contact,
 * the encounter ID and the whole transcript from its own records; the librarian adds what happened.
 */
export const incidentCommands = [z.object({ kind: z.literal('incident.report'), chatId: ChatId, note: z.string().trim().min(1, 'say what happened').max(4000) })] as const;
export type IncidentCommand = z.infer<(typeof incidentCommands)[number]>;
