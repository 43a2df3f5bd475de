import { z } from 'zod';
import { Chat } from '../chats/schemas';
import { TextRun } from '../faqs/schemas';
import { CampusId, ChatId } from '../protocol/common';

/** A transcript revision: every ended chat gets the next one, and again when its record changes (a name set, the checklist). */
export const TranscriptRev = z.number().int().nonnegative();

/** One page of the backend's transcript feed: whole chats, every line, in revision order. */
export const TranscriptChangesPage = z.object({
  changes: z.array(z.object({ rev: TranscriptRev, chat: Chat })).max(5_000),
  /** The revision this page reaches: ask for changes after it next. */
  next: TranscriptRev,
  more: z.boolean(),
});
export type TranscriptChangesPage = z.infer<typeof TranscriptChangesPage>;

/** Searching the transcripts on this computer; every part is optional and they combine. */
export const TranscriptQuery = z
  .object({
    /** Words anywhere: the question, the messages, names. Read as words, never as query syntax. */
    words: z.string().max(100_000).default(''),
    /** Words of the patron's name (as given, or from the name box). */
    patron: z.string().max(200).default(''),
    campus: CampusId.nullable().default(null),
    /** An encounter ID, or its start. */
    encounterId: z.string().max(40).default(''),
    /** Chats started on or after / before these instants (ms). */
    from: z.number().int().nonnegative().nullable().default(null),
    to: z.number().int().nonnegative().nullable().default(null),
    limit: z.number().int().min(1).max(100).default(30),
  })
  .strict();
export type TranscriptQuery = z.infer<typeof TranscriptQuery>;

export const TranscriptHit = z.object({
  chatId: ChatId,
  encounterId: z.string(),
  campus: z.string(),
  patron: z.string(),
  question: z.string(),
  librarian: z.string(),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
  /** Where the words matched, highlighted (runs of text, never markup). */
  snippet: z.array(TextRun),
});
export type TranscriptHit = z.infer<typeof TranscriptHit>;

export const TranscriptIndexStatus = z.object({
  open: z.boolean(),
  count: z.number().int().nonnegative(),
  rev: z.number().int().nonnegative(),
  syncing: z.boolean(),
  lastSyncAt: z.number().nullable(),
  error: z.string().nullable(),
});
export type TranscriptIndexStatus = z.infer<typeof TranscriptIndexStatus>;
