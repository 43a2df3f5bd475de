import { describe, expect, it } from 'vitest';
import { alertChangeRefusal, DEFAULT_ALERT_SETTINGS, muteRefusal, NO_ALERT_LIMITS, withinAlertLimits } from '../../src/shared/alerts';

const limits = { minVolume: 0.4, maxMuteMinutes: 15 };

describe("IT's alert limits", () => {
  it('refuse a volume under the floor, and allow the floor itself', () => {
    expect(alertChangeRefusal({ volume: 0.39 }, limits)).toContain('40%');
    expect(alertChangeRefusal({ volume: 0.4 }, limits)).toBeNull();
    expect(alertChangeRefusal({}, limits)).toBeNull();
    expect(alertChangeRefusal({ volume: 0 }, NO_ALERT_LIMITS)).toBeNull();
  });

  it('refuse a mute over the cap, always allow unmuting, and refuse every mute at a cap of 0', () => {
    expect(muteRefusal(16, limits)).toContain('15 minutes');
    expect(muteRefusal(15, limits)).toBeNull();
    expect(muteRefusal(0, limits)).toBeNull();
    expect(muteRefusal(1, { ...limits, maxMuteMinutes: 0 })).toContain('does not allow muting');
    expect(muteRefusal(0, { ...limits, maxMuteMinutes: 0 })).toBeNull();
  });

  it('bring older settings within them, and leave settings within them untouched (same object)', () => {
    const now = 1_000_000;
    const within = { ...DEFAULT_ALERT_SETTINGS, volume: 0.5, mutedUntil: now + 60_000 };
    expect(withinAlertLimits(within, limits, now)).toBe(within);
    expect(withinAlertLimits({ ...within, volume: 0.1 }, limits, now).volume).toBe(0.4);
    expect(withinAlertLimits({ ...within, mutedUntil: now + 3_600_000 }, limits, now).mutedUntil).toBe(now + 15 * 60_000);
    expect(withinAlertLimits({ ...within, mutedUntil: now + 60_000 }, { ...limits, maxMuteMinutes: 0 }, now).mutedUntil).toBeNull();
  });
});
