import { z } from 'zod';

/**
 * Bumped when a wire message changes incompatibly; both ends refuse other versions. The patron
 * socket (PROTOCOL_VERSION; the widget is served by the same backend) and the operator socket
 * (the desktop app, updated separately) are versioned apart.
 */
export const PROTOCOL_VERSION = 1;
/**
 * 2: the backend may send several frames in one `batch` message.
 * 3: campuses and the chat service carry a `revision` (an older desk's strict ChatService refuses
 * the key), directory edits are refused with the error code `conflict` when based on an older one.
 * 4: typing frames both ways (an operator's `typing` frame; the backend's `typing` frame to the holder).
 */
export const OPERATOR_PROTOCOL_VERSION = 4;

/** Largest frame either end accepts; anything bigger is refused before parsing. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Longest chat message a patron or operator may send, in characters. */
export const MAX_TEXT_CHARS = 4000;
export const MAX_NAME_CHARS = 120;

export const ErrorCode = z.enum([
  'bad_json',
  'too_large',
  'invalid_frame',
  'unknown_type',
  'unsupported_version',
  'unauthorized',
  /** Signed in, but this account may not do this (an edit only an admin may make). */
  'forbidden',
  'not_found',
  'already_claimed',
  'not_yours',
  'chat_ended',
  /** A transfer offer that is no longer open: accepted, declined, expired or withdrawn already. */
  'transfer_closed',
  /** The chat already has an open transfer offer: withdraw it first. */
  'transfer_pending',
  /** The last-resort guard: librarians of the chat's campus are online, so transfer before making a ticket. */
  'operators_online',
  /** The ticket is closed: nothing more changes on it. */
  'ticket_closed',
  'rate_limited',
  /** The record changed since the edit began (another admin saved first): reload, then edit again. */
  'conflict',
  'offline',
  /** The command may or may not have reached the backend (the link went away after it was sent). */
  'interrupted',
  /** Sign-in with the right password to an account an administrator disabled. */
  'account_disabled',
  /** Sign-in with a temporary password: choose a new one (session.signIn's newPassword). */
  'password_change_required',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** A client-chosen id for a command or message, used to deduplicate resends. */
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'client id must be 8-64 url-safe characters');
export const ChatId = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/);
export const CampusId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'campus id must be lowercase letters, digits and dashes');
export const Timestamp = z.number().int().nonnegative();
export const Seq = z.number().int().nonnegative();

/** Free text from a person: trimmed, never empty, bounded; rendered only as text. */
export const Text = z.string().trim().min(1, 'text is empty').max(MAX_TEXT_CHARS, `text is over ${MAX_TEXT_CHARS} characters`);

/**
 * What a name may not hold: control characters (Unicode Cc: CR, LF, tab, NUL, U+0085), the line
 * and paragraph separators U+2028 and U+2029 (a name must not forge lines in a ticket's mail or a
 * transcript), and the bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069
 * (they reorder what follows them on a desk or in a mail).
 */
const NOT_IN_A_NAME = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
export const NAME_REFUSED_MESSAGE = 'name must be one line of plain text: no line breaks, tabs, control or text-direction characters';

/** A name (a person's, a campus's): trimmed, never empty, bounded, one line without control or direction characters. */
export function nameText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'name is empty')
    .max(max, `name is over ${max} characters`)
    .refine((name) => !NOT_IN_A_NAME.test(name), NAME_REFUSED_MESSAGE);
}
export const PersonName = nameText(MAX_NAME_CHARS);

export const ErrorFrame = z.object({
  type: z.literal('error'),
  /** The command or client id the error answers, when it answers one. */
  id: z.string().max(64).optional(),
  code: ErrorCode,
  message: z.string(),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;

export const Ping = z.object({ type: z.literal('ping'), n: z.number().int().nonnegative() });
export const Pong = z.object({ type: z.literal('pong'), n: z.number().int().nonnegative(), serverTime: Timestamp });

/** Arguments or results with nothing in them; extra keys are refused. */
export const Empty = z.object({}).strict();
