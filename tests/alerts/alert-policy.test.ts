import { describe, expect, it } from 'vitest';
import { type AlertLevel, AlertTiming, DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING, decideAlert, mostUrgent, type SoundName } from '../../src/shared/alerts';
import { chat, operator } from '../support/fixtures';

const T0 = 1_700_000_000_000;
const me = operator('me', 'gateway');
const settings = { ...DEFAULT_ALERT_SETTINGS, volume: 1, otherCampusVolume: 0.5, urgentRepeatMs: 10_000 };

// (age ms, patron campus, state) -> level, beeps so far, sound due, next beep age
const rows: [number, string, 'waiting' | 'claimed' | 'ended', AlertLevel, number, SoundName | null, number | null][] = [
  [0, 'gateway', 'waiting', 'yours', 1, 'ping-1', 7_000],
  [6_999, 'gateway', 'waiting', 'yours', 1, 'ping-1', 7_000],
  [7_000, 'gateway', 'waiting', 'yours', 2, 'ping-2', 14_000],
  [14_000, 'gateway', 'waiting', 'yours', 3, 'ping-3', 20_000],
  [19_999, 'gateway', 'waiting', 'yours', 3, 'ping-3', 20_000],
  [20_000, 'gateway', 'waiting', 'urgent', 4, 'urgent', 30_000],
  [35_000, 'gateway', 'waiting', 'urgent', 5, 'urgent', 40_000],
  [0, 'norwalk', 'waiting', 'other', 1, 'ping-1', 7_000],
  [14_500, 'norwalk', 'waiting', 'other', 3, 'ping-3', 20_000],
  [20_000, 'norwalk', 'waiting', 'urgent', 4, 'urgent', 30_000],
  [5_000, 'gateway', 'claimed', 'none', 0, null, null],
  [25_000, 'norwalk', 'claimed', 'none', 0, null, null],
  [25_000, 'gateway', 'ended', 'none', 0, null, null],
];

describe('escalation policy', () => {
  it('a chat stamped a little ahead of the desk clock pings at once, as one that arrived now', () => {
    // The desk's estimate of the backend clock runs 25 ms behind the chat's own stamp.
    for (const campusId of ['gateway', 'norwalk']) {
      const early = decideAlert(chat('c1', campusId, T0 + 25), T0, me, settings);
      const onTime = decideAlert(chat('c1', campusId, T0), T0, me, settings);
      // The same beep, stamped from the chat's own time.
      expect(early.due).toEqual({ ...onTime.due, at: T0 + 25 });
      expect(early.due?.sound).toBe('ping-1');
      expect(early.beeps).toBe(1);
    }
  });

  it.each(rows)('age %i ms, campus %s, %s -> %s', (age, campusId, state, level, beeps, sound, nextAge) => {
    const decision = decideAlert(chat('c1', campusId, T0, { state }), T0 + age, me, settings);
    expect(decision.level).toBe(level);
    expect(decision.beeps).toBe(beeps);
    expect(decision.due?.sound ?? null).toBe(sound);
    expect(decision.nextAt === null ? null : decision.nextAt - T0).toBe(nextAge);
  });

  it('rises in volume beep by beep, and other campuses are quieter until urgent', () => {
    const vol = (age: number, campusId: string) => decideAlert(chat('c', campusId, T0), T0 + age, me, settings).due?.volume ?? -1;
    expect(vol(0, 'gateway')).toBeLessThan(vol(7_000, 'gateway'));
    expect(vol(7_000, 'gateway')).toBeLessThan(vol(14_000, 'gateway'));
    expect(vol(0, 'norwalk')).toBeCloseTo(vol(0, 'gateway') * 0.5);
    expect(vol(20_000, 'norwalk')).toBe(vol(20_000, 'gateway'));
  });

  it('reports muted while a mute is active and not after it ends by itself', () => {
    const muted = { ...settings, mutedUntil: T0 + 60_000 };
    expect(decideAlert(chat('c', 'gateway', T0), T0 + 1_000, me, muted).muted).toBe(true);
    expect(decideAlert(chat('c', 'gateway', T0), T0 + 60_000, me, muted).muted).toBe(false);
  });

  it('refuses timings whose steps would overlap', () => {
    expect(AlertTiming.safeParse({ beepIntervalMs: 7_000, urgentAfterMs: 10_000, ticketOfferAfterMs: 60_000 }).success).toBe(false);
    expect(AlertTiming.safeParse({ beepIntervalMs: 7_000, urgentAfterMs: 20_000, ticketOfferAfterMs: 15_000 }).success).toBe(false);
    expect(AlertTiming.safeParse(DEFAULT_TIMING).success).toBe(true);
  });

  it('uses shortened timings when configured (tests, demos)', () => {
    const fast = { ...DEFAULT_TIMING, beepIntervalMs: 100, urgentAfterMs: 300 };
    expect(decideAlert(chat('c', 'gateway', T0), T0 + 300, me, settings, fast).level).toBe('urgent');
  });

  it('picks one sound for several due beeps: the most urgent, then the loudest', () => {
    const a = decideAlert(chat('a', 'norwalk', T0), T0 + 20_000, me, settings).due;
    const b = decideAlert(chat('b', 'gateway', T0 + 6_000), T0 + 20_000, me, settings).due;
    const c = decideAlert(chat('c', 'gateway', T0 + 19_000), T0 + 20_000, me, settings).due;
    expect(mostUrgent([b!, c!, a!])?.sound).toBe('urgent');
    expect(mostUrgent([c!, b!])?.sound).toBe('ping-3');
    expect(mostUrgent([])).toBeNull();
  });
});

describe('a librarian set to Away', () => {
  const away = { ...me, presence: 'away' as const };
  it('is not rung for a waiting chat until it turns urgent, then hears every urgent beep', () => {
    for (const age of [0, 7_000, 14_000, 19_999]) {
      const decision = decideAlert(chat('c1', 'gateway', T0), T0 + age, away, settings);
      expect(decision.due, `age ${age}`).toBeNull();
      expect(decision.held).toBe(true);
      // The next moment that matters is the urgent mark, so main's one timer wakes for it.
      expect(decision.nextAt).toBe(T0 + 20_000);
      // The card still says where the escalation is: the chat is the librarian's campus's.
      expect(decision.level).toBe('yours');
    }
    const urgent = decideAlert(chat('c1', 'gateway', T0), T0 + 20_000, away, settings);
    expect(urgent.held).toBe(false);
    expect(urgent.due?.sound).toBe('urgent');
    expect(decideAlert(chat('c1', 'norwalk', T0), T0 + 35_000, away, settings).due?.sound).toBe('urgent');
  });

  it('offline is quiet until urgent too; online, or no presence given (a signed-out desk), hears every ping', () => {
    expect(decideAlert(chat('c1', 'gateway', T0), T0 + 7_000, { ...me, presence: 'offline' }, settings).due).toBeNull();
    expect(decideAlert(chat('c1', 'gateway', T0), T0 + 7_000, { ...me, presence: 'online' }, settings).due?.sound).toBe('ping-2');
    expect(decideAlert(chat('c1', 'gateway', T0), T0 + 7_000, me, settings).due?.sound).toBe('ping-2');
    expect(decideAlert(chat('c1', 'gateway', T0), T0 + 7_000, null, settings).due?.sound).toBe('ping-2');
  });
});
