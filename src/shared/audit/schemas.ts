import { z } from 'zod';
import { CampusId, Timestamp } from '../protocol/common';

/** The most entries one page of the audit log carries. */
export const AUDIT_PAGE_MAX = 100;

/** One administrator's action as the log keeps it: who, what, when, on what, before and after. */
export const AuditEntry = z.object({
  id: z.number().int().positive(),
  at: Timestamp,
  /** Null when no account did it: the command line, or a scheduled FAQ import. */
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(200),
  /** What was done, e.g. `account.disable`, `template.save`, `directory.campus`, `faqs.import`. */
  action: z.string().max(64),
  /** What it was done to: an account's username, a campus, a template. */
  target: z.string().max(200),
  /** The campus it concerns; null: the whole consortium. */
  campus: CampusId.nullable(),
  /** The record before and after, as JSON text (null: it did not exist, or was removed). */
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** A page, newest first; `next` asks for the page after it (entries older than this id), null at the end. */
export const AuditPage = z.object({
  entries: z.array(AuditEntry).max(AUDIT_PAGE_MAX),
  next: z.number().int().positive().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditPageQuery = z.object({
  /** Entries with an id below this one (the previous page's `next`); null: the newest. */
  before: z.number().int().positive().nullable(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX),
});
export type AuditPageQuery = z.infer<typeof AuditPageQuery>;
