/**
 * The chat field registry: attributes of a chat that other capabilities own (see
 * shared/chats/field.ts), one line each. The chat summary, the patron's status frame and the
 * kept snapshot summaries are composed from this list; a capability adds its field here and
 * its reader to src/server/chat-fields.ts, and edits nothing of the chats capability.
 */
import type { ChatsChangedByTable } from './desk/snapshot-fields';
import { incidentsChatField } from './incidents/chat-field';
import { interviewChatField } from './interview/chat-field';

/** Every registered field on the chat summary (spread into the Chat schema). */
export const chatFieldShapes = { ...interviewChatField.shape, ...incidentsChatField.shape };

/** What the patron sees of the registered fields (spread into their status frame). */
export const chatFieldPatronShapes = { ...interviewChatField.patron, ...incidentsChatField.patron };

/** Which chats the registered fields' events change (spread into the snapshot's summary table). */
export const chatFieldEvents = { ...interviewChatField.changedBy, ...incidentsChatField.changedBy } satisfies Partial<ChatsChangedByTable>;
