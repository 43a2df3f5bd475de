/**
 * What the operating system says about IT's settings file, never the environment or the user:
 * on Windows the ProgramData folder (FOLDERID_ProgramData, as HKLM records it) and who may
 * change the file (its ACL, by SID, so it reads the same in every Windows language); on Linux
 * and macOS its owner and mode. A file a non-administrator can change is no lock: read.ts
 * refuses it. The system tools are reached through `RunTool` (a port: tests hand in their
 * output), always by absolute path, since PATH and %SystemRoot% are the user's to set.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, win32 } from 'node:path';

export interface MachineSettingsGuard {
  /** Windows: the ProgramData folder the OS records; null when it cannot be read (the caller falls back to C:\ProgramData). */
  programData(): string | null;
  /** Null when only administrators can change the file at `path` (or delete it from its folder); otherwise why not. */
  writableByNonAdmins(path: string): string | null;
}

/** Runs a system tool by its absolute path; its standard output, or throws. */
export type RunTool = (file: string, args: string[]) => string;

/** The owner and permission bits of a path (fs.statSync's, following links: a link to a user's file is the user's file). */
export type StatOwner = (path: string) => { uid: number; mode: number };

const SYSTEM32 = 'C:\\Windows\\System32';
export const REG_EXE = win32.join(SYSTEM32, 'reg.exe');
export const POWERSHELL_EXE = win32.join(SYSTEM32, 'WindowsPowerShell', 'v1.0', 'powershell.exe');

/** Where Windows records the all-users application data folder, already expanded (REG_SZ). */
const SHELL_FOLDERS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders';
const COMMON_APPDATA = 'Common AppData';

/** The ProgramData folder from `reg query <Shell Folders> /v "Common AppData"`; null unless it is a plain absolute path. */
export function programDataFromReg(output: string): string | null {
  const line = output.split(/\r?\n/).find((l) => l.trim().startsWith(`${COMMON_APPDATA} `));
  const value = line ? /REG_(?:EXPAND_)?SZ\s+(.+?)\s*$/.exec(line)?.[1] : undefined;
  // A drive-letter path only: no %VARIABLE% (its expansion would read the environment), no share.
  if (!value || !/^[A-Za-z]:\\[^%]*$/.test(value)) return null;
  return value.replace(/\\+$/, '');
}

/** Administrators, SYSTEM and TrustedInstaller, and a domain's Domain and Enterprise Admins (a file on IT's share): who may change IT's file. */
const ADMIN_SIDS = new Set(['S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464']);
const isAdmin = (sid: string) => ADMIN_SIDS.has(sid) || /^S-1-5-21-\d+-\d+-\d+-(512|519)$/.test(sid);

/**
 * Rights that let whoever holds them change the file: write or append data, write extended
 * attributes, delete, change its permissions or owner, generic write or all.
 */
const FILE_WRITE_RIGHTS = 0x2 | 0x4 | 0x10 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;
/** On its folder: delete a file in it, delete the folder, change its permissions or owner, generic all. */
const FOLDER_WRITE_RIGHTS = 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x10000000;

/**
 * The script PowerShell runs: for the file and then its folder, the owner's SID and each
 * allow or deny rule as "ACE|<0 file, 1 folder>|<SID>|<rights as a number>|<Allow/Deny>|<inherit only?>".
 */
export function aclScript(file: string): string {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return [
    "$ErrorActionPreference = 'Stop'",
    `$paths = @(${quote(file)}, ${quote(win32.dirname(file))})`,
    '$sid = [System.Security.Principal.SecurityIdentifier]',
    'for ($i = 0; $i -lt 2; $i++) {',
    '  $acl = Get-Acl -LiteralPath $paths[$i]',
    "  'OWNER|{0}|{1}' -f $i, $acl.GetOwner($sid).Value",
    '  foreach ($rule in $acl.GetAccessRules($true, $true, $sid)) {',
    "    'ACE|{0}|{1}|{2}|{3}|{4}' -f $i, $rule.IdentityReference.Value, [int64]$rule.FileSystemRights.value__, $rule.AccessControlType, [int]($rule.PropagationFlags -band [System.Security.AccessControl.PropagationFlags]::InheritOnly)",
    '  }',
    '}',
  ].join('\n');
}

/** Who besides administrators can change the file, from the script's output; null when nobody. */
export function aclRefusal(output: string): string | null {
  const lines = output.split(/\r?\n/).filter((l) => l.startsWith('OWNER|') || l.startsWith('ACE|'));
  if (!lines.some((l) => l.startsWith('OWNER|0|')) || !lines.some((l) => l.startsWith('OWNER|1|'))) return 'its permissions could not be read';
  for (const line of lines) {
    const [kind, index, sid = '', rights = '0', type, inheritOnly] = line.split('|');
    const what = index === '0' ? 'the file' : 'its folder';
    if (kind === 'OWNER') {
      // An owner may always change the permissions.
      if (!isAdmin(sid)) return `${what} is owned by ${sid}, not an administrator`;
      continue;
    }
    if (type !== 'Allow' || inheritOnly === '1' || isAdmin(sid)) continue;
    const mask = Number(rights) >>> 0;
    if (mask & (index === '0' ? FILE_WRITE_RIGHTS : FOLDER_WRITE_RIGHTS)) return `${sid} may change ${what} (rights 0x${mask.toString(16)})`;
  }
  return null;
}

/** Linux and macOS: the file and its folder owned by root and not writable by group or others. */
export function ownerRefusal(path: string, stat: StatOwner): string | null {
  for (const [what, at] of [
    ['the file', path],
    ['its folder', dirname(path)],
  ] as const) {
    let info: { uid: number; mode: number };
    try {
      info = stat(at);
    } catch (error) {
      return `${what} cannot be checked (${error instanceof Error ? error.message : String(error)})`;
    }
    if (info.uid !== 0) return `${what} is owned by uid ${info.uid}, not root`;
    if ((info.mode & 0o022) !== 0) return `group or others may write ${what} (mode ${(info.mode & 0o777).toString(8)})`;
  }
  return null;
}

export function windowsGuard(run: RunTool): MachineSettingsGuard {
  return {
    programData() {
      try {
        return programDataFromReg(run(REG_EXE, ['query', SHELL_FOLDERS_KEY, '/v', COMMON_APPDATA]));
      } catch {
        return null;
      }
    },
    writableByNonAdmins(path) {
      const encoded = Buffer.from(aclScript(path), 'utf16le').toString('base64');
      try {
        return aclRefusal(run(POWERSHELL_EXE, ['-NoProfile', '-NonInteractive', '-EncodedCommand', encoded]));
      } catch (error) {
        // Unverified is refused: the file may be anyone's.
        return `its permissions could not be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
      }
    },
  };
}

export function posixGuard(stat: StatOwner): MachineSettingsGuard {
  return { programData: () => null, writableByNonAdmins: (path) => ownerRefusal(path, stat) };
}

/** The real tools: the system's own, by absolute path, with a deadline, no window. */
const runSystemTool: RunTool = (file, args) => execFileSync(file, args, { encoding: 'utf8', timeout: 15_000, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });

/** The guard for this OS, as the installed app uses it: each path asked once per start (PowerShell takes a second to answer). */
export function systemGuard(platform: NodeJS.Platform): MachineSettingsGuard {
  const guard = platform === 'win32' ? windowsGuard(runSystemTool) : posixGuard((path) => statSync(path));
  const answers = new Map<string, string | null>();
  return {
    programData: () => guard.programData(),
    writableByNonAdmins(path) {
      if (!answers.has(path)) answers.set(path, guard.writableByNonAdmins(path));
      return answers.get(path) ?? null;
    },
  };
}
