/**
 * Where the machine-wide settings file is: the usual place per OS, unless a flag
 * (--machine-settings=PATH) or DESKBELL_MACHINE_SETTINGS names another. On Windows the usual
 * place is under the ProgramData folder the operating system records (system-guard.ts reads it
 * from HKLM), never %PROGRAMDATA%: every user can point that variable at a folder of their own.
 */
import { posix, win32 } from 'node:path';

export const MACHINE_SETTINGS_ENV = 'DESKBELL_MACHINE_SETTINGS';

/** Windows' ProgramData where the system's own record cannot be read (the default on every install). */
export const WINDOWS_DEFAULT_PROGRAM_DATA = 'C:\\ProgramData';

/**
 * /etc/deskbell/config.json, <ProgramData>\Deskbell\config.json, /Library/Application Support/Deskbell/config.json.
 * `programData` is the OS's ProgramData folder (Windows only), never taken from the environment.
 */
export function defaultMachineSettingsPath(platform: NodeJS.Platform, programData: string = WINDOWS_DEFAULT_PROGRAM_DATA): string {
  if (platform === 'win32') return win32.join(programData, 'Deskbell', 'config.json');
  if (platform === 'darwin') return posix.join('/Library', 'Application Support', 'Deskbell', 'config.json');
  return posix.join('/etc', 'deskbell', 'config.json');
}

/** The flag wins over the environment, which wins over the OS's usual place. */
export function machineSettingsPath(
  flag: string | null | undefined,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
  programData: string = WINDOWS_DEFAULT_PROGRAM_DATA,
): string {
  const fromEnv = env[MACHINE_SETTINGS_ENV]?.trim();
  return flag || fromEnv || defaultMachineSettingsPath(platform, programData);
}

/**
 * The installed app's choice: a file IT put at the usual place always wins, so nobody at the
 * desk escapes its locks with a shortcut's flag or a user environment variable. Where there is
 * none, the flag or the environment may name one (IT keeping it elsewhere); the file read is
 * then checked like any other (read.ts refuses one a non-administrator can change).
 */
export function installedMachineSettingsPath(
  flag: string | null | undefined,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
  exists: (path: string) => boolean,
  log: (message: string, data: Record<string, unknown>) => void,
  programData: string = WINDOWS_DEFAULT_PROGRAM_DATA,
  writableByNonAdmins: (path: string) => string | null = () => null,
): string {
  const usual = defaultMachineSettingsPath(platform, programData);
  const asked = machineSettingsPath(flag, env, platform, programData);
  if (asked !== usual && exists(usual)) {
    // A file a user put at the usual place (where IT keeps theirs elsewhere) must not push IT's aside.
    const refusal = writableByNonAdmins(usual);
    if (refusal !== null) {
      log('the machine settings at the usual place can be changed by someone who is not an administrator; the one named at launch is read instead', { usual, refusal, named: asked });
      return asked;
    }
    log('the machine settings at the usual place win over the one named at launch', { usual, ignored: asked });
    return usual;
  }
  return asked;
}
