import type { LockableSetting } from '../../../shared/machine-settings/schema';
import type { DeskSettingsView } from '../../../shared/settings/calls';
import { type CallHandlers, CallRefused, type CoreContext } from '../capability';

const LABELS: Record<LockableSetting, string> = {
  backendUrl: 'the backend URL',
  startAtLogin: 'start at login',
  hideToTrayOnClose: 'hide to tray on close',
};

/** The refusal for a setting IT has locked. */
export function lockedRefusal(name: LockableSetting): CallRefused {
  return new CallRefused('locked', `${LABELS[name]} is set by your IT department and cannot be changed here`);
}

/**
 * Desk settings beyond alerts (alerts keep their own calls), within IT's machine-wide
 * settings: a locked value always applies and changing it is refused; an unlocked one from IT
 * applies until the desk chooses otherwise.
 */
export function deskSettings(ctx: CoreContext): { calls: CallHandlers<'settings.get' | 'settings.set'>; view(): DeskSettingsView } {
  const { machine } = ctx;
  const view = (): DeskSettingsView => {
    const own = ctx.settings.get();
    const pick = <K extends 'startAtLogin' | 'hideToTrayOnClose'>(name: K) => (machine.isLocked(name) ? machine.value(name) : (own[name] ?? machine.value(name)));
    return {
      idleAwayMinutes: own.idleAwayMinutes,
      startAtLogin: pick('startAtLogin') ?? null,
      hideToTrayOnClose: pick('hideToTrayOnClose') ?? true,
      locked: machine.locked(),
      nudges: own.nudges,
    };
  };
  const announce = () => ctx.emit({ type: 'settings', settings: view() });
  ctx.on('subscribed', announce);
  return {
    view,
    calls: {
      'settings.get': async () => view(),
      'settings.set': async (change) => {
        for (const name of ['startAtLogin', 'hideToTrayOnClose'] as const) {
          if (change[name] !== undefined && machine.isLocked(name)) throw lockedRefusal(name);
        }
        const { nudges, ...rest } = change;
        ctx.settings.update((s) => ({ ...s, ...rest, nudges: { ...s.nudges, ...nudges } }));
        announce();
        return view();
      },
    },
  };
}
