import { z } from 'zod';
import { AlertLimits } from '../alerts/limits';
import { CampusId } from '../protocol/common';

/** The settings IT may lock, so that nobody at the desk can change them. */
export const LOCKABLE_SETTINGS = ['backendUrl', 'startAtLogin', 'hideToTrayOnClose'] as const;
export const LockableSetting = z.enum(LOCKABLE_SETTINGS);
export type LockableSetting = z.infer<typeof LockableSetting>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https URL; plain http only to this machine (a backend or update server on the same PC). */
export const ServiceUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(500)
  .refine((value) => {
    // src/shared has no URL global; the value is already a valid URL, so its scheme and host are plain to read.
    const match = /^(https?):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(value);
    return match?.[1]?.toLowerCase() === 'https' || LOOPBACK.has(match?.[2]?.toLowerCase() ?? '');
  }, 'must be an https URL (plain http only for localhost)');

/**
 * The machine-wide settings file that a library's IT department installs on each desk PC
 * (docs/deploy.md documents every field). Unknown fields are refused, so a misspelt one is
 * reported instead of silently ignored.
 */
export const MachineSettingsFields = z
  .object({
    /** The chat backend this desk signs in to (instead of the backend built into the app). */
    backendUrl: ServiceUrl.optional(),
    /** The desk's home campus: its chats ring as "yours" while nobody is signed in. */
    homeCampus: CampusId.optional(),
    /** Start Deskbell when someone logs in to the PC. */
    startAtLogin: z.boolean().optional(),
    /** Closing the window hides it to the tray (true) or quits (false). */
    hideToTrayOnClose: z.boolean().optional(),
    alerts: z
      .object({
        minVolume: AlertLimits.shape.minVolume.optional(),
        maxMuteMinutes: AlertLimits.shape.maxMuteMinutes.optional(),
        /** Keep ringing for waiting chats while nobody is signed in (between shifts). */
        ringWhileSignedOut: z.boolean().optional(),
        /** The backend's waiting-feed key (DESKBELL_WAITING_FEED_KEY on the server), needed to ring while signed out. */
        waitingFeedKey: z.string().min(32, 'must be at least 32 characters').max(200).optional(),
      })
      .strict()
      .optional(),
    updates: z
      .object({
        /** A generic update server: the folder holding latest.yml (Windows), latest-linux.yml, latest-mac.yml. */
        url: ServiceUrl,
        /** Hours between checks after the one at start. */
        checkEveryHours: z.number().min(1).max(24).optional(),
      })
      .strict()
      .optional(),
    /** Which of the settings above the desk cannot change. */
    locked: z.array(LockableSetting).max(LOCKABLE_SETTINGS.length).optional(),
  })
  .strict();

/** The fields, and what they need of each other. */
export const MachineSettings = MachineSettingsFields.superRefine((settings, ctx) => {
  for (const [index, name] of (settings.locked ?? []).entries()) {
    if (settings[name] === undefined) ctx.addIssue({ code: 'custom', path: ['locked', index], message: `locks ${name} but the file gives no ${name}` });
  }
  if (settings.alerts?.ringWhileSignedOut) {
    if (!settings.alerts.waitingFeedKey) ctx.addIssue({ code: 'custom', path: ['alerts', 'waitingFeedKey'], message: 'is needed to ring while nobody is signed in' });
    if (!settings.backendUrl) ctx.addIssue({ code: 'custom', path: ['backendUrl'], message: 'is needed to ring while nobody is signed in' });
  }
});
export type MachineSettings = z.infer<typeof MachineSettings>;

/** What was wrong with the file: the field (a dotted path) and why. */
export const MachineSettingsProblem = z.object({ field: z.string().max(200), message: z.string().max(500) });
export type MachineSettingsProblem = z.infer<typeof MachineSettingsProblem>;

/** What the app shows of IT's settings: the banner for a bad file, and what is locked or bounded. */
export const MachineView = z.object({
  /** The file read (or looked for). */
  path: z.string().max(1000),
  found: z.boolean(),
  /** Set when part of the file (or all of it) was unusable: that part is ignored, the rest applies. */
  problem: MachineSettingsProblem.nullable(),
  locked: z.array(LockableSetting),
  backendUrl: z.string().nullable(),
  homeCampus: CampusId.nullable(),
  limits: AlertLimits,
  ringWhileSignedOut: z.boolean(),
  updatesUrl: z.string().nullable(),
});
export type MachineView = z.infer<typeof MachineView>;
