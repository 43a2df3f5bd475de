import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AlertSettings, DEFAULT_ALERT_SETTINGS } from '../../../shared/alerts/policy';
import { DEFAULT_NUDGES, NudgeSettings } from '../../../shared/workspace/nudges';
import type { LogFn } from '../ports';

export const Settings = z.object({
  version: z.literal(2),
  alerts: AlertSettings,
  /** Minutes of system idle after which presence turns away by itself. */
  idleAwayMinutes: z.number().int().min(0).max(240),
  /** The desk's own choices; absent until someone makes one (IT's value, or the default, applies meanwhile). */
  startAtLogin: z.boolean().optional(),
  hideToTrayOnClose: z.boolean().optional(),
  /** When the chat pane nudges: dead air, patron silence. A file from before they existed gets the defaults. */
  nudges: NudgeSettings.default(DEFAULT_NUDGES),
});
export type Settings = z.infer<typeof Settings>;

/** Version 1 always wrote startAtLogin: false without anyone choosing it (the tray kept the OS's own state), so it is dropped. */
const SettingsV1 = z.object({ version: z.literal(1), alerts: AlertSettings, idleAwayMinutes: Settings.shape.idleAwayMinutes, startAtLogin: z.boolean() });
const StoredSettings = z.union([Settings, SettingsV1.transform(({ alerts, idleAwayMinutes }): Settings => ({ version: 2, alerts, idleAwayMinutes, nudges: DEFAULT_NUDGES }))]);

export const DEFAULT_SETTINGS: Settings = { version: 2, alerts: DEFAULT_ALERT_SETTINGS, idleAwayMinutes: 10, nudges: DEFAULT_NUDGES };

/**
 * Settings persisted as JSON in the data folder. A damaged file is kept aside as
 * settings.json.bad and the defaults are used, so a bad edit never stops the alerts.
 */
export class SettingsStore {
  private current: Settings;
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly log?: LogFn,
  ) {
    this.path = join(dataDir, 'settings.json');
    this.current = this.load();
  }

  get(): Settings {
    return this.current;
  }

  /** Validate the whole result before keeping it; a bad change throws and changes nothing. */
  update(change: (current: Settings) => Settings): Settings {
    const next = Settings.parse(change(this.current));
    this.current = next;
    this.save();
    return next;
  }

  private load(): Settings {
    if (!existsSync(this.path)) return DEFAULT_SETTINGS;
    try {
      const raw: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      const parsed = StoredSettings.safeParse(raw);
      if (parsed.success) return parsed.data;
      this.log?.('warn', 'settings file is invalid; using defaults', { issue: parsed.error.issues[0]?.message });
    } catch (error) {
      this.log?.('warn', 'settings file is not JSON; using defaults', { error: String(error) });
    }
    renameSync(this.path, `${this.path}.bad`);
    return DEFAULT_SETTINGS;
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.current, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path); // atomic: a crash never leaves half a file
  }
}
