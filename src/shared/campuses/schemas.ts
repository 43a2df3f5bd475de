import { z } from 'zod';
import { CampusId, nameText } from '../protocol/common';
import { TimeZone, WeeklyHours, Schedule, emptySchedule } from './hours-schemas';

export { Interval, Schedule, TimeZone, WeeklyHours, Weekday, WEEKDAYS, HoursException, emptySchedule } from './hours-schemas';

const OptionalUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(500)]);
const OptionalEmail = z.union([z.literal(''), z.email()]);
const OptionalText = z.string().trim().max(200);
/** A calendar date as written in the directory: YYYY-MM-DD. */
export const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date is YYYY-MM-DD');

/** The facts of a campus that carry a source: what a librarian relies on, and an administrator checks. */
export const FACT_KEYS = [
  'name',
  'website',
  'faqUrl',
  'hours',
  'hoursUrl',
  'phone',
  'publicSafetyPhone',
  'counselingUrl',
  'counselingPhone',
  'directorName',
  'directorEmail',
  'address',
] as const;
export const FactKey = z.enum(FACT_KEYS);
export type FactKey = z.infer<typeof FactKey>;

/**
 * Where a fact came from and when it was last seen there. `check` marks a fact an
 * administrator should confirm (it came from an old or undated page).
 */
export const Provenance = z
  .object({
    source: z.string().trim().max(500),
    seen: z.union([z.literal(''), IsoDate]),
    check: z.boolean(),
  })
  .strict();
export type Provenance = z.infer<typeof Provenance>;

/**
 * How many times the backend has stored an edit of a record. An edit carries the revision it
 * was based on; the backend refuses it (`conflict`) when the record has moved on since, so two
 * admins' edits never silently overwrite each other. Set by the backend; 0 for a seed.
 */
export const Revision = z.number().int().nonnegative().default(0);

/** A campus library. Unknown facts stay empty strings rather than guesses. */
export const Campus = z.object({
  id: CampusId,
  name: nameText(120),
  kind: z.enum(['community-college', 'university', 'state-library', 'system-office']),
  website: OptionalUrl,
  faqUrl: OptionalUrl,
  /** A free-text note about hours ("summer hours vary"); the schedule below is what answers "when do you close?". */
  hours: OptionalText,
  hoursUrl: OptionalUrl,
  phone: OptionalText,
  publicSafetyPhone: OptionalText,
  counselingUrl: OptionalUrl,
  counselingPhone: OptionalText.default(''),
  directorName: OptionalText,
  directorEmail: OptionalEmail,
  address: OptionalText.default(''),
  /** Hours are kept and answered in the campus's own time zone. */
  timeZone: TimeZone.default('America/New_York'),
  schedule: Schedule.default(emptySchedule),
  /** Source and "seen on" date per fact; a fact without an entry has no recorded source. */
  facts: z.partialRecord(FactKey, Provenance).default({}),
  revision: Revision,
});
export type Campus = z.infer<typeof Campus>;
export type CampusInput = z.input<typeof Campus>;

/** A campus known only by id and name: every fact empty, never guessed. */
export function campusWithoutFacts(id: string, name: string, kind: Campus['kind'] = 'community-college'): Campus {
  return {
    id,
    name,
    kind,
    website: '',
    faqUrl: '',
    hours: '',
    hoursUrl: '',
    phone: '',
    publicSafetyPhone: '',
    counselingUrl: '',
    counselingPhone: '',
    directorName: '',
    directorEmail: '',
    address: '',
    timeZone: 'America/New_York',
    schedule: emptySchedule,
    facts: {},
    revision: 0,
  };
}

export const CHAT_SERVICE_FACT_KEYS = ['rota', 'hours', 'allLibrariesUrl'] as const;

/** A named set of chat hours ("Spring and Fall"); which one is in force is the service's call. */
export const ChatSeason = z.object({ name: z.string().trim().min(1).max(80), weekly: WeeklyHours }).strict();

/**
 * The chat service itself, system-wide: its hours, which campuses staff it on which days, and
 * the page listing every campus library.
 */
export const ChatService = z
  .object({
    timeZone: TimeZone.default('America/New_York'),
    /** Campuses that staff chat on each weekday. */
    rota: z
      .object({
        mon: z.array(CampusId).max(40),
        tue: z.array(CampusId).max(40),
        wed: z.array(CampusId).max(40),
        thu: z.array(CampusId).max(40),
        fri: z.array(CampusId).max(40),
        sat: z.array(CampusId).max(40),
        sun: z.array(CampusId).max(40),
      })
      .strict(),
    rotaNote: OptionalText.default(''),
    seasons: z.array(ChatSeason).max(8),
    /** The season in force, by name ('' or a name no season has: the first). The widget is closed outside its hours. */
    activeSeason: z.string().trim().max(80).default(''),
    hoursNote: OptionalText.default(''),
    /** The page of all campus libraries, sent to patrons as a labelled link. */
    allLibrariesUrl: OptionalUrl.default(''),
    facts: z.partialRecord(z.enum(CHAT_SERVICE_FACT_KEYS), Provenance).default({}),
    revision: Revision,
  })
  .strict();
export type ChatService = z.infer<typeof ChatService>;
export type ChatServiceInput = z.input<typeof ChatService>;

export const emptyChatService: ChatService = {
  timeZone: 'America/New_York',
  rota: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  rotaNote: '',
  seasons: [],
  activeSeason: '',
  hoursNote: '',
  allLibrariesUrl: '',
  facts: {},
  revision: 0,
};
