import { type AlertLimits, NO_ALERT_LIMITS } from '../../../shared/alerts/limits';
import type { LockableSetting, MachineSettings, MachineView } from '../../../shared/machine-settings/schema';
import type { MachineSettingsFile } from './read';

/** Default hours between update checks. */
export const DEFAULT_UPDATE_CHECK_HOURS = 4;

/**
 * IT's machine-wide settings as the core applies them: what is locked, the alert limits, the
 * backend and update server. Built once from the file; with no file, nothing is set or locked.
 */
export class MachinePolicy {
  private readonly settings: MachineSettings;

  constructor(private readonly file: MachineSettingsFile) {
    this.settings = file.settings;
  }

  /** No file: nothing set, nothing locked (tests, and the browser shell's throwaway runs). */
  static none(): MachinePolicy {
    return new MachinePolicy({ path: '(none)', found: false, settings: {}, problem: null, backendLost: false });
  }

  /**
   * IT's file may have named a backend and gives no usable one (unreadable, or a wrong
   * backendUrl): the backend it meant is unknown,
   * so the desk must not quietly start its built-in one (an empty board that never rings for
   * real patrons); it shows the sign-in form and the banner instead.
   */
  backendUnknown(): boolean {
    return this.file.backendLost;
  }

  isLocked(name: LockableSetting): boolean {
    return this.settings.locked?.includes(name) ?? false;
  }

  locked(): LockableSetting[] {
    return [...(this.settings.locked ?? [])];
  }

  /** IT's value for a setting (locked or only a default), if the file gives one. */
  value<K extends LockableSetting | 'homeCampus'>(name: K): MachineSettings[K] {
    return this.settings[name];
  }

  limits(): AlertLimits {
    return {
      minVolume: this.settings.alerts?.minVolume ?? NO_ALERT_LIMITS.minVolume,
      maxMuteMinutes: this.settings.alerts?.maxMuteMinutes ?? NO_ALERT_LIMITS.maxMuteMinutes,
    };
  }

  /** Ring for waiting chats while nobody is signed in: the feed to watch, or null when IT did not ask for it. */
  signedOutRinging(): { backendUrl: string; key: string } | null {
    const { alerts, backendUrl } = this.settings;
    if (!alerts?.ringWhileSignedOut || !alerts.waitingFeedKey || !backendUrl) return null;
    return { backendUrl: backendUrl.replace(/\/+$/, ''), key: alerts.waitingFeedKey };
  }

  updates(): { url: string; everyMs: number } | null {
    const updates = this.settings.updates;
    if (!updates) return null;
    return { url: updates.url, everyMs: (updates.checkEveryHours ?? DEFAULT_UPDATE_CHECK_HOURS) * 3_600_000 };
  }

  view(): MachineView {
    return {
      path: this.file.path,
      found: this.file.found,
      problem: this.file.problem,
      locked: this.locked(),
      backendUrl: this.settings.backendUrl ?? null,
      homeCampus: this.settings.homeCampus ?? null,
      limits: this.limits(),
      ringWhileSignedOut: this.signedOutRinging() !== null,
      updatesUrl: this.settings.updates?.url ?? null,
    };
  }
}
