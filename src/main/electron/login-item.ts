/**
 * "Start at login". Electron's login-item settings cover macOS and Windows only; on Linux
 * the freedesktop way is a .desktop file in the XDG autostart folder, written here.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogFn } from '../core/ports';

export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

export interface LoginItemSettingsLike {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  app: LoginItemSettingsLike;
  /** Linux: $XDG_CONFIG_HOME/autostart (usually ~/.config/autostart). */
  autostartDir: string;
  /** Linux: the program and arguments that start Deskbell. */
  command: readonly string[];
  log: LogFn;
}

export const AUTOSTART_FILE = 'deskbell.desktop';

/** Quotes one Exec argument as the Desktop Entry spec requires. */
export function quoteExecArg(arg: string): string {
  return `"${arg.replace(/[\\"`$]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Deskbell',
    'Comment=Patron chats from every campus queue',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function createLoginItem(deps: LoginItemDeps): LoginItem {
  if (deps.platform !== 'linux') {
    return {
      isEnabled: () => deps.app.getLoginItemSettings().openAtLogin,
      setEnabled: (enabled) => deps.app.setLoginItemSettings({ openAtLogin: enabled }),
    };
  }
  const file = join(deps.autostartDir, AUTOSTART_FILE);
  return {
    isEnabled: () => existsSync(file),
    setEnabled(enabled) {
      try {
        if (enabled) {
          mkdirSync(deps.autostartDir, { recursive: true });
          writeFileSync(file, autostartEntry(deps.command), { mode: 0o644 });
        } else {
          rmSync(file, { force: true });
        }
      } catch (error) {
        deps.log('warn', 'could not change start at login', { enabled, error: String(error) });
      }
    },
  };
}
