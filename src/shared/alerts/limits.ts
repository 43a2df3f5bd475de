import { z } from 'zod';
import { type AlertSettings, MAX_MUTE_MS } from './policy';

/**
 * The bounds IT puts on the alert settings (the machine-wide settings file): the lowest volume
 * a desk may ring at and the longest it may be muted. Main enforces them in one place
 * (src/main/core/alerts); the renderer only uses them to offer what is allowed.
 */
export const AlertLimits = z.object({
  /** Nothing sounds quieter than this (0..1): the master volume, and every beep played. */
  minVolume: z.number().min(0).max(1),
  /** The longest mute, in minutes; 0 means the desk cannot be muted at all. */
  maxMuteMinutes: z.number().int().min(0).max(MAX_MUTE_MS / 60_000),
});
export type AlertLimits = z.infer<typeof AlertLimits>;

export const NO_ALERT_LIMITS: AlertLimits = { minVolume: 0, maxMuteMinutes: MAX_MUTE_MS / 60_000 };

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** Why a change of the alert settings is outside IT's limits, or null when it is within them. */
export function alertChangeRefusal(change: Partial<Pick<AlertSettings, 'volume'>>, limits: AlertLimits): string | null {
  if (change.volume !== undefined && change.volume < limits.minVolume) {
    return `your IT department set the lowest alert volume to ${percent(limits.minVolume)}`;
  }
  return null;
}

/** Why a mute of this many minutes is outside IT's limits, or null (0, unmuting, is always allowed). */
export function muteRefusal(minutes: number, limits: AlertLimits): string | null {
  if (minutes === 0 || minutes <= limits.maxMuteMinutes) return null;
  if (limits.maxMuteMinutes === 0) return 'your IT department does not allow muting this desk';
  return `your IT department allows muting for at most ${limits.maxMuteMinutes} minutes`;
}

/**
 * Settings saved before IT set its limits, brought within them: the volume raised to the floor
 * and a mute shortened to end no later than `now` plus the longest mute.
 */
export function withinAlertLimits(settings: AlertSettings, limits: AlertLimits, now: number): AlertSettings {
  const volume = Math.max(settings.volume, limits.minVolume);
  const latest = now + limits.maxMuteMinutes * 60_000;
  const mutedUntil = settings.mutedUntil === null ? null : limits.maxMuteMinutes === 0 ? null : Math.min(settings.mutedUntil, latest);
  if (volume === settings.volume && mutedUntil === settings.mutedUntil) return settings;
  return { ...settings, volume, mutedUntil };
}
