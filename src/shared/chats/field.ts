import type { z } from 'zod';

/**
 * Which chats each of a capability's events changes, by event type. Typed with the owner's
 * own event union (never the desk's, which is composed from the fields); the snapshot's table
 * (shared/desk/snapshot-fields.ts) takes these entries and the compiler checks them there.
 */
export type ChatFieldEvents = Readonly<Record<string, (event: never) => readonly string[]>>;

/**
 * A chat attribute another capability owns (incident reports, later a patron's rating): kept
 * in that capability's own table keyed by chat id, and joined to the chat summary on the wire
 * under its own name. The chats capability never names it: src/shared/chat-fields.ts lists
 * every field, and the backend reads each through the owner's `ChatFieldSource`
 * (src/server/chats/fields.ts).
 */
export interface ChatFieldSpec<S extends z.ZodRawShape, C extends ChatFieldEvents, P extends z.ZodRawShape> {
  /** The field(s) on the chat summary. Give each a default, so a snapshot from a backend without it still parses. */
  readonly shape: S;
  /** The owner's events that change the field, and which chats each changes (the kept snapshot summaries follow it). */
  readonly changedBy: C;
  /** What the chat's patron sees of it, on their `status` frame (`{}`: nothing). Make these optional: an older page may be open. */
  readonly patron: P;
}

/** A field's declaration, with its types inferred (and checked against the spec). */
export function chatField<S extends z.ZodRawShape, C extends ChatFieldEvents, P extends z.ZodRawShape>(spec: ChatFieldSpec<S, C, P>): ChatFieldSpec<S, C, P> {
  return spec;
}
