import { describe, expect, it } from 'vitest';
import { closingTimeAnswer, hoursOn, hoursStatus, localDateAt, openState, weekdayOf } from '../../src/shared/campuses/hours';
import { formatExceptions, formatWeek, parseDay, parseExceptions, parseWeek } from '../../src/shared/campuses/hours-text';
import { Schedule, type WeeklyHours } from '../../src/shared/campuses/hours-schemas';

const NY = 'America/New_York';
/** An instant given as New York wall-clock time (offset stated, so the test does not depend on the machine's zone). */
const at = (iso: string): number => Date.parse(iso);
const day = (open: string, close: string) => [{ open, close }];
const week = (over: Partial<WeeklyHours> = {}): WeeklyHours => ({
  sun: [],
  mon: day('08:00', '21:00'),
  tue: day('08:00', '21:00'),
  wed: day('08:00', '21:00'),
  thu: day('08:00', '21:00'),
  fri: day('08:00', '17:00'),
  sat: day('10:00', '14:00'),
  ...over,
});
const campus = (schedule: Schedule) => ({ name: 'Tunxis Campus Library', timeZone: NY, schedule });

describe('hours on a date', () => {
  it('uses the weekday of the campus zone, and a dated exception wins', () => {
    const schedule: Schedule = { weekly: week(), exceptions: [{ date: '2026-11-26', hours: [], note: 'Thanksgiving' }] };
    expect(weekdayOf({ year: 2026, month: 11, day: 26 })).toBe('thu');
    expect(hoursOn(schedule, { year: 2026, month: 11, day: 26 })).toMatchObject({ known: true, intervals: [], note: 'Thanksgiving', fromException: true });
    expect(hoursOn(schedule, { year: 2026, month: 11, day: 25 }).intervals).toEqual(day('08:00', '21:00'));
    expect(hoursOn({ weekly: null, exceptions: [] }, { year: 2026, month: 11, day: 25 }).known).toBe(false);
  });

  it('reads "today" in the campus zone, not UTC: 11 pm in New York is already tomorrow in UTC', () => {
    expect(localDateAt(NY, at('2026-12-01T23:30:00-05:00'))).toEqual({ year: 2026, month: 12, day: 1 });
    expect(localDateAt('UTC', at('2026-12-01T23:30:00-05:00'))).toEqual({ year: 2026, month: 12, day: 2 });
  });
});

describe('what time does the library close today?', () => {
  const tunxis = campus({ weekly: week(), exceptions: [{ date: '2026-11-26', hours: [], note: 'Thanksgiving' }, { date: '2026-12-24', hours: day('08:00', '13:00'), note: 'Christmas Eve' }] });

  it('open on a weekday: the closing time, in the campus zone', () => {
    const answer = closingTimeAnswer(tunxis, at('2026-12-01T10:15:00-05:00'));
    expect(answer.state).toEqual({ kind: 'open', closesAt: at('2026-12-01T21:00:00-05:00') });
    expect(answer.text).toBe('The Tunxis Campus Library closes at 9:00 PM today.');
  });

  it('before opening, and after closing', () => {
    expect(closingTimeAnswer(tunxis, at('2026-12-01T07:00:00-05:00')).text).toBe(
      'Today the Tunxis Campus Library is open 8:00 AM–9:00 PM; it opens later today at 8:00 AM.',
    );
    expect(closingTimeAnswer(tunxis, at('2026-12-01T21:00:00-05:00')).text).toBe('The Tunxis Campus Library has closed for today. It opens again tomorrow at 8:00 AM.');
    // Saturday after 2 pm: Sunday is closed, Monday opens.
    expect(closingTimeAnswer(tunxis, at('2026-12-05T15:00:00-05:00')).text).toBe(
      'The Tunxis Campus Library has closed for today. It opens again on Monday, December 7 at 8:00 AM.',
    );
  });

  it('a dated exception: closed all day, or a short day, with its note', () => {
    expect(closingTimeAnswer(tunxis, at('2026-11-26T12:00:00-05:00')).text).toBe(
      'The Tunxis Campus Library is closed today (Thanksgiving). It opens again tomorrow at 8:00 AM.',
    );
    expect(closingTimeAnswer(tunxis, at('2026-12-24T09:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 1:00 PM today (Christmas Eve).');
  });

  it('not known: says so, never guesses', () => {
    const unknown = closingTimeAnswer(campus({ weekly: null, exceptions: [] }), at('2026-12-01T10:00:00-05:00'));
    expect(unknown.state.kind).toBe('unknown');
    expect(unknown.text).toContain("don't have today's hours");
  });

  it('past midnight: an interval that closes at 2 am is still open at 1 am, and closes "tonight"', () => {
    const late = campus({ weekly: week({ fri: day('08:00', '02:00') }), exceptions: [] });
    // Friday 11 pm: open until 2 am Saturday.
    expect(closingTimeAnswer(late, at('2026-12-04T23:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 2:00 AM tonight.');
    // Saturday 1 am: still Friday's hours.
    expect(openState(late.schedule, NY, at('2026-12-05T01:00:00-05:00'))).toEqual({ kind: 'open', closesAt: at('2026-12-05T02:00:00-05:00') });
    // Saturday 1 am, even though Saturday's own hours start at 10.
    expect(closingTimeAnswer(late, at('2026-12-05T01:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 2:00 AM today.');
  });

  it('midnight as "24:00" followed by "00:00" is one stretch; a library open all week is "around the clock"', () => {
    const night = campus({ weekly: week({ mon: day('08:00', '24:00'), tue: [{ open: '00:00', close: '03:00' }, { open: '08:00', close: '21:00' }] }), exceptions: [] });
    expect(openState(night.schedule, NY, at('2026-11-30T23:00:00-05:00'))).toEqual({ kind: 'open', closesAt: at('2026-12-01T03:00:00-05:00') });
    const always = campus({ weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, day('00:00', '24:00')])) as WeeklyHours, exceptions: [] });
    expect(closingTimeAnswer(always, at('2026-12-01T10:00:00-05:00')).text).toBe('The Tunxis Campus Library is open around the clock this week.');
  });

  it('daylight saving: hours are wall-clock times on the day the clocks change', () => {
    const sunday = campus({ weekly: week({ sun: day('09:00', '17:00') }), exceptions: [] });
    // 2026-03-08: clocks spring forward at 2 am (EST -5 to EDT -4). 9 am is 13:00 UTC, not 14:00.
    expect(openState(sunday.schedule, NY, at('2026-03-08T08:59:00-04:00'))).toEqual({ kind: 'closed', opensAt: at('2026-03-08T09:00:00-04:00') });
    expect(openState(sunday.schedule, NY, at('2026-03-08T10:00:00-04:00'))).toEqual({ kind: 'open', closesAt: at('2026-03-08T17:00:00-04:00') });
    // 2026-11-01: clocks fall back at 2 am (EDT -4 to EST -5). 5 pm is 22:00 UTC.
    expect(openState(sunday.schedule, NY, at('2026-11-01T10:00:00-05:00'))).toEqual({ kind: 'open', closesAt: at('2026-11-01T17:00:00-05:00') });
    expect(closingTimeAnswer(sunday, at('2026-11-01T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 5:00 PM today.');
    // An overnight interval across the spring-forward night: 8 pm to 4 am is 7 hours of real time.
    const overnight = campus({ weekly: week({ sat: day('20:00', '04:00') }), exceptions: [] });
    const state = openState(overnight.schedule, NY, at('2026-03-07T21:00:00-05:00'));
    expect(state).toEqual({ kind: 'open', closesAt: at('2026-03-08T04:00:00-04:00') });
    expect(at('2026-03-08T04:00:00-04:00') - at('2026-03-07T20:00:00-05:00')).toBe(7 * 3_600_000);
  });

  it('only an exception known (no weekly hours): today is answered from it, whatever yesterday was', () => {
    const eve = campus({ weekly: null, exceptions: [{ date: '2026-12-24', hours: day('09:00', '13:00'), note: 'Christmas Eve' }] });
    expect(closingTimeAnswer(eve, at('2026-12-24T08:00:00-05:00')).text).toBe(
      'Today (Christmas Eve) the Tunxis Campus Library is open 9:00 AM–1:00 PM; it opens later today at 9:00 AM.',
    );
    expect(closingTimeAnswer(eve, at('2026-12-24T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 1:00 PM today (Christmas Eve).');
    // After closing: tomorrow's hours are not known, so no "opens again".
    expect(closingTimeAnswer(eve, at('2026-12-24T14:00:00-05:00')).text).toBe('The Tunxis Campus Library has closed for today (Christmas Eve).');
    expect(closingTimeAnswer(eve, at('2026-12-25T10:00:00-05:00')).state).toEqual({ kind: 'unknown' });
    // Open until midnight before a day that is not known: the closing is not in sight, and the answer says so.
    const late = campus({ weekly: null, exceptions: [{ date: '2026-12-24', hours: day('09:00', '24:00'), note: '' }] });
    expect(openState(late.schedule, NY, at('2026-12-24T22:00:00-05:00'))).toEqual({ kind: 'open', closesAt: null, beyond: 'not-known' });
    expect(closingTimeAnswer(late, at('2026-12-24T22:00:00-05:00')).text).toBe(
      "The Tunxis Campus Library is open now, but I don't have its closing time in front of me; let me check and get right back to you.",
    );
    // An overnight interval into an unknown day still states its closing.
    const overnight = campus({ weekly: null, exceptions: [{ date: '2026-12-31', hours: day('20:00', '02:00'), note: "New Year's Eve" }] });
    expect(closingTimeAnswer(overnight, at('2026-12-31T23:00:00-05:00')).text).toBe("The Tunxis Campus Library closes at 2:00 AM tonight (New Year's Eve).");
    expect(openState(overnight.schedule, NY, at('2027-01-01T01:00:00-05:00'))).toEqual({ kind: 'open', closesAt: at('2027-01-01T02:00:00-05:00') });
  });

  it('a stretch over several midnights: the closing is worded by the day it falls on, in the campus zone', () => {
    // Open Monday 8 am through Wednesday 5 pm (2026-11-30 is a Monday).
    const marathon = campus({ weekly: week({ mon: day('08:00', '24:00'), tue: day('00:00', '24:00'), wed: day('00:00', '17:00') }), exceptions: [] });
    expect(closingTimeAnswer(marathon, at('2026-12-01T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 5:00 PM tomorrow.');
    expect(closingTimeAnswer(marathon, at('2026-11-30T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 5:00 PM on Wednesday.');
    expect(openState(marathon.schedule, NY, at('2026-11-30T10:00:00-05:00'))).toEqual({ kind: 'open', closesAt: at('2026-12-02T17:00:00-05:00') });
    expect(closingTimeAnswer(marathon, at('2026-12-02T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 5:00 PM today.');
    // Midnight is "midnight", counted as the end of the day before it.
    const toMidnight = campus({ weekly: week({ mon: day('08:00', '24:00') }), exceptions: [] });
    expect(closingTimeAnswer(toMidnight, at('2026-11-30T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at midnight tonight.');
    const zeroZero = campus({ weekly: week({ mon: day('08:00', '00:00') }), exceptions: [] });
    expect(closingTimeAnswer(zeroZero, at('2026-11-30T23:30:00-05:00')).text).toBe('The Tunxis Campus Library closes at midnight tonight.');
    const twoNights = campus({ weekly: week({ mon: day('08:00', '24:00'), tue: day('00:00', '24:00'), wed: day('09:00', '17:00') }), exceptions: [] });
    expect(closingTimeAnswer(twoNights, at('2026-11-30T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at midnight tomorrow night.');
    const threeNights = campus({ weekly: week({ mon: day('08:00', '24:00'), tue: day('00:00', '24:00'), wed: day('00:00', '24:00'), thu: day('09:00', '17:00') }), exceptions: [] });
    expect(closingTimeAnswer(threeNights, at('2026-11-30T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at midnight on Wednesday night.');
    // Early morning after an evening is still "tonight"; later the next day is "tomorrow".
    const early = campus({ weekly: week({ fri: day('08:00', '04:30') }), exceptions: [] });
    expect(closingTimeAnswer(early, at('2026-12-04T22:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 4:30 AM tonight.');
    // "Around the clock" only when no closing turns up in the whole look-ahead.
    const allButSunday = campus({ weekly: week({ mon: day('00:00', '24:00'), tue: day('00:00', '24:00'), wed: day('00:00', '24:00'), thu: day('00:00', '24:00'), fri: day('00:00', '24:00'), sat: day('00:00', '24:00'), sun: day('00:00', '20:00') }), exceptions: [] });
    expect(closingTimeAnswer(allButSunday, at('2026-11-30T10:00:00-05:00')).text).toBe('The Tunxis Campus Library closes at 8:00 PM on Sunday.');
  });

  it('a neutral status line for public pages, never the chat voice', () => {
    expect(hoursStatus(tunxis, at('2026-12-01T10:15:00-05:00'))).toBe('Open now, closes at 9:00 PM today');
    expect(hoursStatus(tunxis, at('2026-12-01T22:00:00-05:00'))).toBe('Closed now, opens tomorrow at 8:00 AM');
    expect(hoursStatus(tunxis, at('2026-12-01T07:00:00-05:00'))).toBe('Closed now, opens later today at 8:00 AM');
    expect(hoursStatus(campus({ weekly: null, exceptions: [] }), at('2026-12-01T10:00:00-05:00'))).toBe("Today's hours: not known");
  });

  it('another zone is answered in that zone', () => {
    const west = { name: 'West Library', timeZone: 'America/Los_Angeles', schedule: { weekly: week(), exceptions: [] } };
    // 11 pm in New York is 8 pm in Los Angeles: still open until 9 pm there.
    expect(closingTimeAnswer(west, at('2026-12-01T23:00:00-05:00')).text).toBe('The West Library closes at 9:00 PM today.');
  });
});

describe('hours as an administrator types them', () => {
  it('reads ranges, several a day, am/pm, "closed", and empty as not known', () => {
    expect(parseDay('9:00-17:00')).toEqual({ ok: true, value: day('09:00', '17:00') });
    expect(parseDay('9-12, 1pm-9:30 pm')).toEqual({ ok: true, value: [{ open: '09:00', close: '12:00' }, { open: '13:00', close: '21:30' }] });
    expect(parseDay('Closed')).toEqual({ ok: true, value: [] });
    expect(parseDay('  ')).toEqual({ ok: true, value: null });
    expect(parseDay('nine to five')).toMatchObject({ ok: false });
    expect(parseDay('25:00-26:00')).toMatchObject({ ok: false });
  });

  it('"9-5" is nine to five: without am/pm, a range that would cross midnight takes the later end of the same day', () => {
    expect(parseDay('9-5')).toEqual({ ok: true, value: day('09:00', '17:00') });
    expect(parseDay('9:30-5:15')).toEqual({ ok: true, value: day('09:30', '17:15') });
    expect(parseDay('10-2, 3-7')).toEqual({ ok: true, value: [{ open: '10:00', close: '14:00' }, { open: '15:00', close: '19:00' }] });
    expect(parseDay('12-4')).toEqual({ ok: true, value: day('12:00', '16:00') });
    expect(parseDay('9-12, 1-5')).toEqual({ ok: true, value: [{ open: '09:00', close: '12:00' }, { open: '13:00', close: '17:00' }] });
    // Past midnight only when it says so: with am/pm, in 24-hour time from the evening, or to midnight.
    expect(parseDay('10pm-2am')).toEqual({ ok: true, value: day('22:00', '02:00') });
    expect(parseDay('10 a.m. to 2 a.m.')).toEqual({ ok: true, value: day('10:00', '02:00') });
    expect(parseDay('20:00-02:00')).toEqual({ ok: true, value: day('20:00', '02:00') });
    expect(parseDay('8-24')).toEqual({ ok: true, value: day('08:00', '24:00') });
    expect(parseDay('12-0:00')).toEqual({ ok: true, value: day('12:00', '00:00') });
    // Written back so that reading it again gives the same hours.
    for (const hours of [day('10:00', '02:00'), day('22:00', '02:00'), day('20:00', '04:30'), day('12:00', '00:00'), day('09:00', '17:00')]) {
      const text = formatWeek({ ...week(), mon: hours }).mon;
      expect(parseDay(text), text).toEqual({ ok: true, value: hours });
    }
    expect(formatWeek({ ...week(), mon: day('10:00', '02:00') }).mon).toBe('10:00 am-2:00 am');
    const parsed = parseExceptions('2026-12-31 8:00 pm-2:00 am New Year\'s Eve\n2026-12-24 9-1 Christmas Eve\n2026-12-23 9am - 1 pm Short day');
    expect(parsed).toEqual({
      ok: true,
      value: [
        { date: '2026-12-31', hours: day('20:00', '02:00'), note: "New Year's Eve" },
        { date: '2026-12-24', hours: day('09:00', '13:00'), note: 'Christmas Eve' },
        { date: '2026-12-23', hours: day('09:00', '13:00'), note: 'Short day' },
      ],
    });
    if (parsed.ok) expect(parseExceptions(formatExceptions({ weekly: null, exceptions: parsed.value }))).toEqual(parsed);
  });

  it('a week must give every day or none; overlaps are refused', () => {
    const texts = formatWeek(week());
    expect(parseWeek(texts)).toEqual({ ok: true, value: week() });
    expect(parseWeek({ ...texts, sun: '' })).toMatchObject({ ok: false, error: expect.stringContaining('sun') });
    expect(parseWeek(formatWeek(null))).toEqual({ ok: true, value: null });
    expect(parseWeek({ ...texts, mon: '9-13, 12-17' })).toMatchObject({ ok: false });
  });

  it('exceptions, one a line, round-trip', () => {
    const parsed = parseExceptions('2026-11-26 closed Thanksgiving\n\n2026-12-24 08:00-13:00 Christmas Eve');
    expect(parsed).toEqual({
      ok: true,
      value: [
        { date: '2026-11-26', hours: [], note: 'Thanksgiving' },
        { date: '2026-12-24', hours: day('08:00', '13:00'), note: 'Christmas Eve' },
      ],
    });
    if (parsed.ok) expect(formatExceptions({ weekly: null, exceptions: parsed.value })).toBe('2026-11-26 closed Thanksgiving\n2026-12-24 08:00-13:00 Christmas Eve');
    expect(parseExceptions('Thanksgiving closed')).toMatchObject({ ok: false, error: expect.stringContaining('line 1') });
    expect(Schedule.safeParse({ weekly: null, exceptions: [{ date: '2026-11-26', hours: [] }, { date: '2026-11-26', hours: [] }] }).success).toBe(false);
  });
});
