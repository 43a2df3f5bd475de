import { z } from 'zod';
import { AlertTiming } from '../alerts/policy';
import { Presence } from '../presence/schemas';
import { ChatId, Empty, MAX_TEXT_CHARS, Seq, Timestamp } from '../protocol/common';
import { BackendUrl, Operator } from './schemas';

export const LinkStatus = z.enum(['signed_out', 'connecting', 'online', 'offline']);
export type LinkStatus = z.infer<typeof LinkStatus>;

/** How many unsent lines the session view carries: the rest still count in `pending`. */
export const MAX_UNSENT_LINES = 100;

/** A line to a patron the librarian sent that the backend has not acknowledged yet. */
export const UnsentLine = z.object({
  /** The command's client id. */
  id: z.string().min(1).max(64),
  chatId: ChatId,
  text: z.string().max(MAX_TEXT_CHARS),
  queuedAt: Timestamp,
  /** Set once the backend was seen storing it (just before its ack): the chat's line with this seq replaces it. */
  messageSeq: Seq.nullable(),
});
export type UnsentLine = z.infer<typeof UnsentLine>;

export const SessionView = z.object({
  status: LinkStatus,
  operator: Operator.nullable(),
  /** The backend signed in to; while signed out, the one this desk signs in to next (it fills in the form). */
  backendUrl: z.string().nullable(),
  /** The backend this app was started for (launch option or environment), or the last one signed in to: the sign-in form starts from it. */
  configuredBackendUrl: z.string().nullable(),
  /** The backend runs inside this app (the default), rather than at a configured URL. */
  embedded: z.boolean(),
  presence: Presence,
  /** Add to the local clock to get the backend's clock; wait timers use it. */
  clockOffsetMs: z.number(),
  error: z.string().nullable(),
  /** Commands waiting in the outbox for the link to come back. */
  pending: z.number().int().nonnegative(),
  /** The lines among them, oldest first (at most MAX_UNSENT_LINES): the conversation shows them as not sent yet. */
  unsent: z.array(UnsentLine).max(MAX_UNSENT_LINES).default([]),
  /** The escalation timings in force, so the board shows the same levels main sounds. */
  timing: AlertTiming,
});
export type SessionView = z.infer<typeof SessionView>;

export const sessionCalls = {
  'session.get': { args: Empty, result: SessionView },
  'session.signIn': {
    args: z
      .object({
        backendUrl: BackendUrl,
        username: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(200),
        /** After a temporary password (refused with password_change_required): the librarian's own, set as they sign in. */
        newPassword: z.string().min(8, 'the new password must be at least 8 characters').max(200).optional(),
      })
      .strict(),
    result: SessionView,
  },
  'session.signOut': { args: Empty, result: SessionView },
  /** Asks main to push the session, the alert settings and a desk snapshot, then every event after it. */
  'desk.subscribe': { args: Empty, result: Empty },
} as const;

export const SessionPush = z.object({ type: z.literal('session'), session: SessionView });
