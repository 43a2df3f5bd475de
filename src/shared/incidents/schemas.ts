import { z } from 'zod';

/**
 * Where an incident report went: always stored by the backend (the director's queue); emailed
 * to the campus director where the backend has mail set up and the campus a director's email.
 */
export const IncidentDelivery = z.enum(['queued', 'emailed', 'no-mail-setup', 'no-director-email', 'email-failed']);
export type IncidentDelivery = z.infer<typeof IncidentDelivery>;

/** What every desk sees of a report filed about a chat (the report itself stays on the backend). */
export const IncidentSummary = z.object({
  id: z.string().min(1).max(40),
  at: z.number().int().nonnegative(),
  byName: z.string().max(200),
  delivery: IncidentDelivery,
  /** The director's address it was (or is to be) sent to; empty when none is known. */
  to: z.string().max(254),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

/** A stored report, as the director's queue lists it. */
export const IncidentReport = IncidentSummary.extend({
  chatId: z.string(),
  campus: z.string(),
  encounterId: z.string(),
  patronName: z.string(),
  patronEmail: z.string(),
  patronPhone: z.string(),
  note: z.string(),
  transcript: z.string(),
});
export type IncidentReport = z.infer<typeof IncidentReport>;

export const DELIVERY_TEXT: Record<IncidentDelivery, string> = {
  queued: 'stored in the director’s queue; sending by email…',
  emailed: 'stored, and emailed to the director',
  'no-mail-setup': 'stored in the director’s queue (email is not set up on this backend)',
  'no-director-email': 'stored in the director’s queue (no director email for this campus in the directory)',
  'email-failed': 'stored in the director’s queue; the email could not be sent',
};
