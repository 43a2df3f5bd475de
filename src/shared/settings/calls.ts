import { z } from 'zod';
import { LockableSetting } from '../machine-settings/schema';
import { Empty } from '../protocol/common';
import { NudgeSettings } from '../workspace/nudges';

/** Desk settings beyond alerts, as they apply: the desk's own choices within what IT set and locked. */
export const DeskSettingsView = z.object({
  /** Minutes of system idle before presence turns away by itself (0 = never). */
  idleAwayMinutes: z.number().int(),
  /** Start at login; null when nobody has chosen (the OS keeps what it has). Desktop only. */
  startAtLogin: z.boolean().nullable(),
  /** Closing the window hides it to the tray (true) or quits the app (false). Desktop only. */
  hideToTrayOnClose: z.boolean(),
  /** The settings IT has locked: changing them is refused. */
  locked: z.array(LockableSetting),
  /** When the chat pane nudges (dead air, patron silence). */
  nudges: NudgeSettings,
});
export type DeskSettingsView = z.infer<typeof DeskSettingsView>;

/** Desk settings beyond alerts. */
export const settingsCalls = {
  'settings.get': { args: Empty, result: DeskSettingsView },
  'settings.set': {
    args: z
      .object({
        idleAwayMinutes: z.number().int().min(0).max(240),
        startAtLogin: z.boolean(),
        hideToTrayOnClose: z.boolean(),
        /** Any of the nudge thresholds; the others stay as they are. */
        nudges: NudgeSettings.partial().strict(),
      })
      .partial()
      .strict(),
    result: DeskSettingsView,
  },
} as const;

/** The desk settings changed (or a renderer attached): the shells apply them, the panel shows them. */
export const SettingsPush = z.object({ type: z.literal('settings'), settings: DeskSettingsView });
