import { z } from 'zod';

const DeskSettingsView = z.object({
  /** Minutes of system idle before presence turns away by itself (0 = never). */
  idleAwayMinutes: z.number().int(),
});

/** Desk settings beyond alerts. */
export const settingsCalls = {
  'settings.get': { args: z.object({}).strict(), result: DeskSettingsView },
  'settings.set': { args: z.object({ idleAwayMinutes: z.number().int().min(0).max(240) }).strict(), result: DeskSettingsView },
} as const;
