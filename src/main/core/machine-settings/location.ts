/**
 * Where the machine-wide settings file is: the usual place per OS, unless a flag
 * (--machine-settings=PATH) or DESKBELL_MACHINE_SETTINGS names another.
 */
import { posix, win32 } from 'node:path';

export const MACHINE_SETTINGS_ENV = 'DESKBELL_MACHINE_SETTINGS';

/** /etc/deskbell/config.json, %PROGRAMDATA%\Deskbell\config.json, /Library/Application Support/Deskbell/config.json. */
export function defaultMachineSettingsPath(platform: NodeJS.Platform, env: Record<string, string | undefined>): string {
  if (platform === 'win32') return win32.join(env.PROGRAMDATA || env.ALLUSERSPROFILE || 'C:\\ProgramData', 'Deskbell', 'config.json');
  if (platform === 'darwin') return posix.join('/Library', 'Application Support', 'Deskbell', 'config.json');
  return posix.join('/etc', 'deskbell', 'config.json');
}

/** The flag wins over the environment, which wins over the OS's usual place. */
export function machineSettingsPath(flag: string | null | undefined, env: Record<string, string | undefined>, platform: NodeJS.Platform): string {
  const fromEnv = env[MACHINE_SETTINGS_ENV]?.trim();
  return flag || fromEnv || defaultMachineSettingsPath(platform, env);
}

/**
 * The installed app's choice: a file IT put at the usual place always wins, so nobody at the
 * desk escapes its locks with a shortcut's flag or a user environment variable. Where there is
 * none, the flag or the environment may name one (IT keeping it elsewhere).
 */
export function installedMachineSettingsPath(
  flag: string | null | undefined,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
  exists: (path: string) => boolean,
  log: (message: string, data: Record<string, unknown>) => void,
): string {
  const usual = defaultMachineSettingsPath(platform, env);
  const asked = machineSettingsPath(flag, env, platform);
  if (asked !== usual && exists(usual)) {
    log('the machine settings at the usual place win over the one named at launch', { usual, ignored: asked });
    return usual;
  }
  return asked;
}
