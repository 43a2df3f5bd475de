/**
 * IT's locks hold against the person at the desk (issue 17, item 5). On Windows the settings
 * file's folder comes from what the system records (HKLM), never from %PROGRAMDATA% or any
 * other variable the user sets; and a settings file someone other than an administrator can
 * change is refused whole, so a librarian's own file never unlocks or overrides anything. The
 * system's answers come through the guard's port (RunTool, StatOwner): here, the output the
 * real tools print; the files read are real.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { installedMachineSettingsPath } from '../../src/main/core/machine-settings/location';
import { readMachineSettings } from '../../src/main/core/machine-settings/read';
import {
  aclRefusal,
  aclScript,
  type MachineSettingsGuard,
  ownerRefusal,
  POWERSHELL_EXE,
  posixGuard,
  programDataFromReg,
  REG_EXE,
  type RunTool,
  systemGuard,
  windowsGuard,
} from '../../src/main/core/machine-settings/system-guard';
import { launchCore } from '../../src/main/launch';

const dir = mkdtempSync(join(tmpdir(), 'deskbell-machine-system-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `reg query "HKLM\...\Shell Folders" /v "Common AppData"` prints. */
const regOutput = (value: string, type = 'REG_SZ') =>
  `\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders\r\n    Common AppData    ${type}    ${value}\r\n\r\n`;

/** A librarian's own environment, every variable pointing at a folder they control. */
const librarianEnv = {
  PROGRAMDATA: 'C:\\Users\\robin\\AppData\\Local\\fake',
  ALLUSERSPROFILE: 'C:\\Users\\robin\\AppData\\Local\\fake',
  SystemRoot: 'C:\\Users\\robin\\AppData\\Local\\fake\\Windows',
  SystemDrive: 'C:\\Users\\robin',
  DESKBELL_MACHINE_SETTINGS: 'C:\\Users\\robin\\AppData\\Local\\fake\\Deskbell\\config.json',
};

const ADMINS = 'S-1-5-32-544';
const SYSTEM = 'S-1-5-18';
const USERS = 'S-1-5-32-545';
const EVERYONE = 'S-1-1-0';
const AUTHENTICATED = 'S-1-5-11';
const ROBIN = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const FULL = 2032127; // 0x1f01ff
const READ_EXECUTE = 1179817; // 0x1200a9
const MODIFY = 1245631; // 0x1301bf
/** C:\ProgramData's own grant to Users, inherited by a folder IT made without /inheritance:r: add files and folders. */
const ADD_FILE_AND_FOLDER = 0x116;

/** The guard script's output for IT's recommended permissions (docs/deploy.md), plus what a test adds. */
function aclOutput(extra: string[] = [], owner = ADMINS): string {
  return [
    `OWNER|0|${owner}`,
    `ACE|0|${ADMINS}|${FULL}|Allow|0`,
    `ACE|0|${SYSTEM}|${FULL}|Allow|0`,
    `ACE|0|${USERS}|${READ_EXECUTE}|Allow|0`,
    `OWNER|1|${ADMINS}`,
    `ACE|1|${ADMINS}|${FULL}|Allow|0`,
    `ACE|1|${SYSTEM}|${FULL}|Allow|0`,
    `ACE|1|${USERS}|${READ_EXECUTE}|Allow|0`,
    ...extra,
    '',
  ].join('\r\n');
}

describe("Windows: the settings folder is the system's ProgramData, whatever the environment says", () => {
  it('reads FOLDERID_ProgramData from HKLM with reg.exe by its absolute path', () => {
    const calls: { file: string; args: string[] }[] = [];
    const run: RunTool = (file, args) => {
      calls.push({ file, args });
      return regOutput('D:\\ProgramData');
    };
    expect(windowsGuard(run).programData()).toBe('D:\\ProgramData');
    expect(calls).toEqual([{ file: 'C:\\Windows\\System32\\reg.exe', args: ['query', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders', '/v', 'Common AppData'] }]);
    expect(REG_EXE).toBe('C:\\Windows\\System32\\reg.exe');
  });

  it('takes only a plain drive path: nothing to expand from the environment, no share, nothing unreadable', () => {
    expect(programDataFromReg(regOutput('C:\\ProgramData\\'))).toBe('C:\\ProgramData');
    expect(programDataFromReg(regOutput('%SystemDrive%\\ProgramData', 'REG_EXPAND_SZ'))).toBeNull();
    expect(programDataFromReg(regOutput('\\\\server\\share'))).toBeNull();
    expect(programDataFromReg('ERROR: The system was unable to find the specified registry key or value.')).toBeNull();
    const failing: RunTool = () => {
      throw new Error('spawn C:\\Windows\\System32\\reg.exe ENOENT');
    };
    expect(windowsGuard(failing).programData()).toBeNull();
  });

  it("keeps IT's file under the system's folder when every variable points at the librarian's own", () => {
    const programData = windowsGuard(() => regOutput('C:\\ProgramData')).programData() ?? 'unreachable';
    const itFile = 'C:\\ProgramData\\Deskbell\\config.json';
    const warned: string[] = [];
    const path = installedMachineSettingsPath(null, librarianEnv, 'win32', (p) => p === itFile, (message) => warned.push(message), programData);
    expect(path).toBe(itFile);
    expect(warned).toHaveLength(1);
    // With no file of IT's there, the variable may name one, which is then checked like any other (below).
    expect(installedMachineSettingsPath(null, { PROGRAMDATA: librarianEnv.PROGRAMDATA }, 'win32', () => false, () => undefined, programData)).toBe(itFile);
  });

  it("does not let a librarian's file at the usual place push aside the file IT names at launch", () => {
    const itShare = '\\\\files\\it\\deskbell.json';
    const usual = 'C:\\ProgramData\\Deskbell\\config.json';
    const warned: { message: string; data: Record<string, unknown> }[] = [];
    const log = (message: string, data: Record<string, unknown>) => void warned.push({ message, data });
    // C:\ProgramData lets users create files: the librarian made one, which is theirs.
    const usersOwn = (path: string) => (path === usual ? `the file is owned by ${ROBIN}, not an administrator` : null);
    expect(installedMachineSettingsPath(itShare, {}, 'win32', () => true, log, 'C:\\ProgramData', usersOwn)).toBe(itShare);
    expect(warned[0]?.message).toMatch(/can be changed by someone who is not an administrator; the one named at launch is read instead/);
    // IT's own file at the usual place still wins over a named one.
    expect(installedMachineSettingsPath(itShare, {}, 'win32', () => true, log, 'C:\\ProgramData', () => null)).toBe(usual);
    // With nothing named, the librarian's file is what is read, and refused (below).
    expect(installedMachineSettingsPath(null, {}, 'win32', () => true, log, 'C:\\ProgramData', usersOwn)).toBe(usual);
  });
});

describe("Windows: a settings file only administrators can change", () => {
  it("passes with IT's recommended permissions, C:\\ProgramData's inherited grants, and a domain's admins", () => {
    expect(aclRefusal(aclOutput())).toBeNull();
    // Users may add files to the folder (C:\ProgramData's default, inherited) but not delete IT's.
    expect(aclRefusal(aclOutput([`ACE|1|${USERS}|${ADD_FILE_AND_FOLDER}|Allow|0`]))).toBeNull();
    // CREATOR OWNER's full control applies to what is created inside, not to the folder (inherit only).
    expect(aclRefusal(aclOutput([`ACE|1|S-1-3-0|268435456|Allow|1`]))).toBeNull();
    expect(aclRefusal(aclOutput([], 'S-1-5-21-1004336348-1177238915-682003330-512'))).toBeNull();
  });

  it.each([
    ['Users may modify the file', `ACE|0|${USERS}|${MODIFY}|Allow|0`, USERS],
    ['Everyone may write to it', `ACE|0|${EVERYONE}|${0x2}|Allow|0`, EVERYONE],
    ['Authenticated Users have generic write', `ACE|0|${AUTHENTICATED}|${0x40000000}|Allow|0`, AUTHENTICATED],
    ['the librarian has full control', `ACE|0|${ROBIN}|${FULL}|Allow|0`, ROBIN],
    ['Users may delete files in its folder', `ACE|1|${USERS}|${MODIFY}|Allow|0`, USERS],
    ['Users may change its permissions', `ACE|0|${USERS}|${0x40000}|Allow|0`, USERS],
  ])('is refused when %s', (_what, ace, who) => {
    expect(aclRefusal(aclOutput([ace]))).toContain(who);
  });

  it('is refused when the librarian owns the file (an owner may always change its permissions), or nothing could be read', () => {
    expect(aclRefusal(aclOutput([], ROBIN))).toMatch(/owned by S-1-5-21-.*-1001, not an administrator/);
    expect(aclRefusal('')).toBe('its permissions could not be read');
  });

  it('asks PowerShell by its absolute path, the path quoted inside the encoded script, and refuses what it cannot check', () => {
    const file = "C:\\ProgramData\\Desk'bell\\config.json";
    let script = '';
    const run: RunTool = (tool, args) => {
      expect(tool).toBe(POWERSHELL_EXE);
      expect(args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-EncodedCommand']);
      script = Buffer.from(args[3] ?? '', 'base64').toString('utf16le');
      return aclOutput([`ACE|0|${USERS}|${MODIFY}|Allow|0`]);
    };
    expect(windowsGuard(run).writableByNonAdmins(file)).toContain(USERS);
    expect(script).toBe(aclScript(file));
    expect(script).toContain("'C:\\ProgramData\\Desk''bell\\config.json'");
    expect(script).toContain("'C:\\ProgramData\\Desk''bell'");
    const broken: RunTool = () => {
      throw new Error('powershell.exe exited with code 1\nGet-Acl: access denied');
    };
    expect(windowsGuard(broken).writableByNonAdmins(file)).toBe('its permissions could not be read (powershell.exe exited with code 1)');
  });
});

describe('Linux and macOS: a settings file owned by root and writable by nobody else', () => {
  /** The real file's mode, with the owner the test says (tests may not run as root). */
  const statAs = (uid: number) => (path: string) => ({ uid, mode: statSync(path).mode });

  it('passes root:root 0644 in a 0755 folder, and refuses a file or folder others may write, or another owner', () => {
    const folder = join(dir, 'etc-deskbell');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    const file = join(folder, 'config.json');
    writeFileSync(file, '{}');
    chmodSync(file, 0o644);
    expect(ownerRefusal(file, statAs(0))).toBeNull();
    expect(ownerRefusal(file, statAs(1000))).toBe('the file is owned by uid 1000, not root');
    chmodSync(file, 0o664);
    expect(ownerRefusal(file, statAs(0))).toBe('group or others may write the file (mode 664)');
    chmodSync(file, 0o644);
    chmodSync(folder, 0o777);
    expect(ownerRefusal(file, statAs(0))).toBe('group or others may write its folder (mode 777)');
    chmodSync(folder, 0o755);
  });
});

describe("this machine's own guard (Linux or macOS, real stat)", () => {
  it.skipIf(process.platform === 'win32')('refuses a world-writable file whoever owns it, and the installed app reads nothing from it', () => {
    const path = join(dir, 'world-writable.json');
    writeFileSync(path, JSON.stringify({ backendUrl: 'https://evil.example.com' }));
    chmodSync(path, 0o666);
    const guard = systemGuard(process.platform);
    const refusal = guard.writableByNonAdmins(path);
    expect(refusal).toMatch(/mode 666|not root/);
    expect(guard.writableByNonAdmins(path)).toBe(refusal);
    expect(readMachineSettings(path, guard)).toMatchObject({ settings: {}, backendLost: true });
  });
});

describe('no variable and no user file overrides a locked setting', () => {
  const IT_SETTINGS = { backendUrl: 'https://chat.library.example.edu', locked: ['backendUrl', 'startAtLogin'], startAtLogin: true };
  /** The guard as Windows would answer it for this file: IT's permissions, or Users with Modify. */
  const guardSaying = (usersMayModify: boolean): MachineSettingsGuard =>
    windowsGuard(() => aclOutput(usersMayModify ? [`ACE|0|${USERS}|${MODIFY}|Allow|0`] : []));

  it("applies IT's file: its locked backend wins over the one the librarian launches with", async () => {
    const path = join(dir, 'it-config.json');
    writeFileSync(path, JSON.stringify(IT_SETTINGS));
    const lines: string[] = [];
    const { core, machine, embedded } = await launchCore({
      machineSettingsPath: path,
      machineSettingsGuard: guardSaying(false),
      backendUrl: 'https://evil.example.com',
      dataDir: mkdtempSync(join(dir, 'desk-')),
      tokenStore: new MemoryTokenStore(),
      log: (_level, message) => lines.push(message),
    });
    try {
      expect(machine.isLocked('backendUrl')).toBe(true);
      expect(machine.value('backendUrl')).toBe(IT_SETTINGS.backendUrl);
      expect(embedded).toBeNull();
      expect(core.sessionView().backendUrl).toBe(IT_SETTINGS.backendUrl);
      expect(lines).toContain(`machine settings read from ${path}`);
    } finally {
      await core.stop();
    }
  });

  it('refuses a file a librarian can change: none of it applies, the built-in backend stays off, one clear log line', async () => {
    const path = join(dir, 'writable-config.json');
    // The librarian "unlocked" it and pointed the desk elsewhere.
    writeFileSync(path, JSON.stringify({ backendUrl: 'https://evil.example.com', locked: [], startAtLogin: false }));
    const lines: { level: string; message: string }[] = [];
    const { core, machine, embedded } = await launchCore({
      machineSettingsPath: path,
      machineSettingsGuard: guardSaying(true),
      dataDir: mkdtempSync(join(dir, 'desk-')),
      tokenStore: new MemoryTokenStore(),
      log: (level, message) => lines.push({ level, message }),
    });
    try {
      expect(machine.value('backendUrl')).toBeUndefined();
      expect(machine.value('startAtLogin')).toBeUndefined();
      expect(machine.locked()).toEqual([]);
      // It may have named IT's backend: the desk does not quietly talk to itself instead.
      expect(embedded).toBeNull();
      expect(machine.view().problem).toMatchObject({ field: '(whole file)', message: expect.stringContaining('not an administrator') });
      const refusals = lines.filter((l) => l.level === 'error' && l.message.startsWith(`machine settings ${path}:`));
      expect(refusals).toHaveLength(1);
      expect(refusals[0]?.message).toContain(`${USERS} may change the file`);
      expect(refusals[0]?.message).toContain('nothing in the file applies');
    } finally {
      await core.stop();
    }
  });

  it('refuses it on Linux too, with the real file: writable by others, or not root-owned', () => {
    const path = join(dir, 'linux-config.json');
    writeFileSync(path, JSON.stringify(IT_SETTINGS));
    chmodSync(path, 0o666);
    const rootOwned = posixGuard((p) => ({ uid: 0, mode: p === path ? statSync(p).mode : 0o40755 }));
    expect(readMachineSettings(path, rootOwned)).toMatchObject({ settings: {}, backendLost: true, problem: { message: expect.stringContaining('mode 666') } });
    chmodSync(path, 0o644);
    expect(readMachineSettings(path, rootOwned)).toMatchObject({ settings: IT_SETTINGS, problem: null });
    const usersOwn = posixGuard((p) => ({ uid: 1000, mode: statSync(p).mode }));
    expect(readMachineSettings(path, usersOwn)).toMatchObject({ settings: {}, problem: { message: expect.stringContaining('uid 1000') } });
  });
});
