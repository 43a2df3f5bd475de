import { z } from 'zod';

const Note = z.string().trim().max(120).default('');

/**
 * The reference interview, as the librarian ticks it off: campus confirmed, on or off campus
 * (off campus needs a sign-in), for an assignment (which class, which professor), and what is
 * needed. Kept with the chat's record on the backend and in every transcript export.
 */
export const Interview = z
  .object({
    campusConfirmed: z.boolean().default(false),
    location: z.enum(['unknown', 'on', 'off']).default('unknown'),
    assignment: z.enum(['unknown', 'yes', 'no']).default('unknown'),
    className: Note,
    professor: Note,
    need: z.enum(['unknown', 'peer-reviewed', 'database', 'any-article', 'book', 'other']).default('unknown'),
    /** The database asked for (CINAHL for nursing), or what "other" means. */
    needDetail: Note,
    note: z.string().trim().max(1000).default(''),
  })
  .strict();
export type Interview = z.infer<typeof Interview>;

export const emptyInterview: Interview = Interview.parse({});

export const NEED_LABELS: Record<Interview['need'], string> = {
  unknown: 'Not asked yet',
  'peer-reviewed': 'Peer-reviewed articles',
  database: 'A specific database',
  'any-article': 'Any articles',
  book: 'A book',
  other: 'Something else',
};

/** The checklist as lines of text, for transcripts and reports. */
export function interviewLines(interview: Interview): string[] {
  const lines = [
    `Campus confirmed: ${interview.campusConfirmed ? 'yes' : 'no'}`,
    `Location: ${{ unknown: 'not asked', on: 'on campus', off: 'off campus' }[interview.location]}`,
    `For an assignment: ${{ unknown: 'not asked', yes: 'yes', no: 'no' }[interview.assignment]}`,
  ];
  if (interview.className) lines.push(`Class: ${interview.className}`);
  if (interview.professor) lines.push(`Professor: ${interview.professor}`);
  lines.push(`Needed: ${NEED_LABELS[interview.need]}${interview.needDetail ? ` (${interview.needDetail})` : ''}`);
  if (interview.note) lines.push(`Note: ${interview.note}`);
  return lines;
}
