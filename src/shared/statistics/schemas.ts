import { z } from 'zod';
import { CampusId, Timestamp } from '../protocol/common';
import { DeliveryChannel } from '../tickets/schemas';

/**
 * Chat statistics: what the head of reference reads about a range of days. The desk asks for a
 * range (calendar days in New York) and gets figures only, never a chat, a patron or a line of
 * text. The backend computes them from its own records (src/server/statistics).
 */

/** Every day and hour in these figures is a calendar day and hour in this zone (DST included). */
export const STATISTICS_TIME_ZONE = 'America/New_York';
/** The longest range one request may ask for, in days (a year and a little). */
export const STATISTICS_MAX_DAYS = 400;
/** The pickup goal when the server is not told otherwise: 3 beeps, 20 seconds (WORKFLOW.md). */
export const DEFAULT_PICKUP_GOAL_MS = 20_000;
/** The second pickup mark the figures report, and when the patron is offered a ticket. */
export const PICKUP_MINUTE_MS = 60_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (no time zone: a calendar day is a calendar day). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The day number of a `YYYY-MM-DD` that names a real date, or null. */
export function parseDay(text: string): number | null {
  const match = DAY_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 2000 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const n = dayNumber(year, month, day);
  // Day 31 of a 30-day month rolls into the next month: the round trip says so.
  return dayNumber(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) > n ? n : null;
}

/** A calendar day, `YYYY-MM-DD`, in STATISTICS_TIME_ZONE. */
export const StatisticsDay = z.string().refine((text) => parseDay(text) !== null, { message: 'a day must be a real date written YYYY-MM-DD' });
export type StatisticsDay = z.infer<typeof StatisticsDay>;

/**
 * What the desk asks for: the days `from` to `to`, both included, in New York; optionally one
 * campus (the patron's campus of the chat). A range that ends before it starts, or is longer
 * than STATISTICS_MAX_DAYS, is refused.
 */
export const StatisticsQuery = z
  .object({ from: StatisticsDay, to: StatisticsDay, campus: CampusId.optional() })
  .strict()
  .superRefine((query, ctx) => {
    const from = parseDay(query.from);
    const to = parseDay(query.to);
    if (from === null || to === null) return;
    if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range ends before it starts' });
    else if (to - from + 1 > STATISTICS_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `a range is at most ${STATISTICS_MAX_DAYS} days` });
  });
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

const Count = z.number().int().nonnegative();
const Ms = z.number().int().nonnegative();
/** A part of a whole, 0 to 1; null when the whole is zero (nothing to divide). */
const Share = z.number().min(0).max(1).nullable();

/**
 * Pickup against the goal, for one set of chats (a campus, or all). Pickup is the time from the
 * patron's start to the chat's FIRST claim (a chat handed on or put back in a queue keeps its
 * first pickup). Shares are of `started`: a chat never claimed is not within the goal.
 */
export const PickupFigures = z
  .object({
    /** Chats patrons started in the range (by the day they started). */
    started: Count,
    /** Of those, claimed by a librarian (at any time, even after the range). */
    claimed: Count,
    /** Median and 90th percentile (nearest rank) of the pickup time, of the claimed chats; null when none was claimed. */
    pickupMedianMs: Ms.nullable(),
    pickupP90Ms: Ms.nullable(),
    /** Claimed within the goal (pickup <= goalMs), and that as a share of started. */
    withinGoal: Count,
    withinGoalShare: Share,
    /** Claimed within 60 seconds (pickup <= 60 s), and its share of started. */
    withinMinute: Count,
    withinMinuteShare: Share,
    /** Started but not claimed (still waiting at the time of the answer, or ended unclaimed), and its share. */
    neverClaimed: Count,
    neverClaimedShare: Share,
    /** Chats that reached the ticket offer (the patron was offered a ticket after 60 s waiting), and its share. */
    reachedTicketOffer: Count,
    reachedTicketOfferShare: Share,
    /** Chats the patron left (closed, or never came back) before anyone claimed them, and its share. */
    leftBeforeClaim: Count,
    leftBeforeClaimShare: Share,
  })
  .strict();
export type PickupFigures = z.infer<typeof PickupFigures>;

export const CampusPickupFigures = PickupFigures.extend({ campus: CampusId }).strict();
export type CampusPickupFigures = z.infer<typeof CampusPickupFigures>;

/** 7 rows (0 Monday .. 6 Sunday) of 24 hours (0 = midnight to 1 am), New York time. */
const WeekGrid = z.array(z.array(Count).length(24)).length(7);

/** When chats start: by the New York weekday and hour of the start. Unanswered: never claimed. */
export const HourOfWeek = z.object({ chats: WeekGrid, unanswered: WeekGrid }).strict();
export type HourOfWeek = z.infer<typeof HourOfWeek>;

/** One day of the range (every day is listed, zeros included). */
export const DayVolume = z.object({ day: StatisticsDay, started: Count, claimed: Count, unanswered: Count }).strict();
export type DayVolume = z.infer<typeof DayVolume>;

/**
 * Hand-offs made in the range (by when they were made). To a librarian: offers, and how each
 * closed (accepted, declined, timed out, withdrawn by the sender; pending: still open). To a
 * queue: chats put back in a campus's queue by their holder.
 */
export const TransferFigures = z
  .object({
    toLibrarian: z.object({ offered: Count, accepted: Count, declined: Count, timedOut: Count, withdrawn: Count, pending: Count }).strict(),
    toQueue: Count,
  })
  .strict();
export type TransferFigures = z.infer<typeof TransferFigures>;

/** Tickets made in the range: by whom, by campus queue, and how each channel delivered them. */
export const TicketFigures = z
  .object({
    total: Count,
    /** Left by the patron (at the ticket offer, or outside the chat hours) or made by a librarian. */
    byPatron: Count,
    byLibrarian: Count,
    byCampus: z.array(z.object({ campus: CampusId, total: Count, byPatron: Count, byLibrarian: Count }).strict()).max(200),
    /** Per delivery channel: sent, still trying, given up. A ticket may go to several channels. */
    byDelivery: z.array(z.object({ channel: DeliveryChannel, sent: Count, pending: Count, failed: Count }).strict()).max(10),
    /** Tickets no channel was set up for: they wait in the desk's ticket list only. */
    notForwarded: Count,
  })
  .strict();
export type TicketFigures = z.infer<typeof TicketFigures>;

/** How long answered chats lasted, from the first claim to the end (chats started in the range and ended). */
export const ChatLengthFigures = z.object({ chats: Count, medianMs: Ms.nullable(), p90Ms: Ms.nullable() }).strict();
export type ChatLengthFigures = z.infer<typeof ChatLengthFigures>;

/** Patron ratings given in the range: how many, the mean (two places), each rating's count (index 0 is 1 star). */
export const FeedbackFigures = z
  .object({ count: Count, average: z.number().min(1).max(5).nullable(), byRating: z.array(Count).length(5) })
  .strict();
export type FeedbackFigures = z.infer<typeof FeedbackFigures>;

/**
 * One librarian, over the chats started in the range: chats handled (chats they held last: the
 * one the patron rated them for), the median pickup of the chats they claimed first, and the
 * hand-offs they made (offers to a librarian and chats put back in a queue).
 */
export const LibrarianFigures = z
  .object({
    operatorId: z.string().min(1).max(64),
    name: z.string().max(200),
    campus: CampusId,
    handled: Count,
    pickups: Count,
    pickupMedianMs: Ms.nullable(),
    transfersOut: Count,
  })
  .strict();
export type LibrarianFigures = z.infer<typeof LibrarianFigures>;

/**
 * Whose figures these are. `all`: an administrator's view, every chat (of the campus asked for,
 * if any). `own`: a librarian who is not an administrator sees only their own work: pickups,
 * campuses, hours, days and chat lengths are over the chats they claimed first; transfers are the
 * ones they made; tickets the ones they made; ratings those of the chats they held; and the
 * librarian list is their own row (`handled`: the chats they held last). So their `neverClaimed`
 * and `unanswered` are 0 by construction. The backend decides, from its records.
 */
export const StatisticsScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('own'), operatorId: z.string().min(1).max(64) }).strict(),
]);
export type StatisticsScope = z.infer<typeof StatisticsScope>;

/** The answer to a StatisticsQuery. */
export const ChatStatistics = z
  .object({
    from: StatisticsDay,
    to: StatisticsDay,
    campus: CampusId.nullable(),
    timeZone: z.literal(STATISTICS_TIME_ZONE),
    scope: StatisticsScope,
    /** The pickup goal the within-goal figures count against (a server setting, 20 s by default). */
    goalMs: Ms,
    /** When the backend computed these; a chat still waiting then counts as never claimed. */
    computedAt: Timestamp,
    all: PickupFigures,
    /** One row per campus with chats in the range, by campus id. */
    campuses: z.array(CampusPickupFigures).max(200),
    hourOfWeek: HourOfWeek,
    byDay: z.array(DayVolume).max(STATISTICS_MAX_DAYS),
    transfers: TransferFigures,
    tickets: TicketFigures,
    chatLength: ChatLengthFigures,
    feedback: FeedbackFigures,
    /** One row per librarian with any work in the range, by name. */
    librarians: z.array(LibrarianFigures).max(5000),
  })
  .strict();
export type ChatStatistics = z.infer<typeof ChatStatistics>;
