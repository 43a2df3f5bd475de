/**
 * IT's machine-wide settings file: where it is looked for, a valid file, a missing one, one
 * that is not JSON, and each field wrong in turn. A bad field is named and ignored, what is
 * valid on its own still applies (IT's backend, locks, limits), and it is logged in exactly
 * one line; a broken file without a usable backend never starts the built-in one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMachineSettingsPath, installedMachineSettingsPath, machineSettingsPath } from '../../src/main/core/machine-settings/location';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { logMachineSettings, readMachineSettings } from '../../src/main/core/machine-settings/read';
import { chooseBackendUrl } from '../../src/main/core/machine-settings/backend-choice';
import { MachineSettings } from '../../src/shared/machine-settings/schema';

const dir = mkdtempSync(join(tmpdir(), 'deskbell-machine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | object): string {
  const path = join(dir, `config-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const KEY = 'k'.repeat(40);
const VALID = {
  backendUrl: 'https://chat.library.example.edu',
  homeCampus: 'tunxis',
  startAtLogin: true,
  hideToTrayOnClose: true,
  alerts: { minVolume: 0.4, maxMuteMinutes: 15, ringWhileSignedOut: true, waitingFeedKey: KEY },
  updates: { url: 'https://updates.library.example.edu/deskbell/', checkEveryHours: 6 },
  locked: ['backendUrl', 'startAtLogin', 'hideToTrayOnClose'],
};

describe('where the machine settings file is', () => {
  it('is in the usual place per OS', () => {
    expect(defaultMachineSettingsPath('linux')).toBe('/etc/deskbell/config.json');
    expect(defaultMachineSettingsPath('darwin')).toBe('/Library/Application Support/Deskbell/config.json');
    // Windows: under the ProgramData folder the system records (machine-settings-system.test.ts), by default C:\ProgramData.
    expect(defaultMachineSettingsPath('win32', 'D:\\ProgramData')).toBe('D:\\ProgramData\\Deskbell\\config.json');
    expect(defaultMachineSettingsPath('win32')).toBe('C:\\ProgramData\\Deskbell\\config.json');
  });

  it('moves with DESKBELL_MACHINE_SETTINGS, and the flag wins over both', () => {
    expect(machineSettingsPath(null, { DESKBELL_MACHINE_SETTINGS: '/srv/desk.json' }, 'linux')).toBe('/srv/desk.json');
    expect(machineSettingsPath('/opt/a.json', { DESKBELL_MACHINE_SETTINGS: '/srv/desk.json' }, 'linux')).toBe('/opt/a.json');
    expect(machineSettingsPath(null, { DESKBELL_MACHINE_SETTINGS: '  ' }, 'linux')).toBe('/etc/deskbell/config.json');
  });

  it("in the installed app, keeps IT's file at the usual place whatever a shortcut or the user's environment names", () => {
    const warned: string[] = [];
    const log = (message: string) => void warned.push(message);
    const there = (path: string) => path === '/etc/deskbell/config.json';
    expect(installedMachineSettingsPath('/home/me/mine.json', {}, 'linux', there, log)).toBe('/etc/deskbell/config.json');
    expect(installedMachineSettingsPath(null, { DESKBELL_MACHINE_SETTINGS: '/home/me/mine.json' }, 'linux', there, log)).toBe('/etc/deskbell/config.json');
    expect(warned).toHaveLength(2);
    // No file at the usual place: IT may keep it elsewhere and name it.
    expect(installedMachineSettingsPath('/srv/share/desk.json', {}, 'linux', () => false, log)).toBe('/srv/share/desk.json');
    expect(installedMachineSettingsPath(null, {}, 'linux', there, log)).toBe('/etc/deskbell/config.json');
    expect(warned).toHaveLength(2);
  });
});

describe('reading the machine settings file', () => {
  it('takes a valid file whole, and says so in one log line', () => {
    const path = file(VALID);
    const read = readMachineSettings(path);
    expect(read).toEqual({ path, found: true, settings: VALID, problem: null, backendLost: false });
    const lines: string[] = [];
    logMachineSettings(read, (_level, message) => lines.push(message));
    expect(lines).toEqual([`machine settings read from ${path}`]);
  });

  it('treats a missing file as nothing set, and logs nothing', () => {
    const read = readMachineSettings(join(dir, 'absent.json'));
    expect(read).toMatchObject({ found: false, settings: {}, problem: null });
    const lines: string[] = [];
    logMachineSettings(read, (_level, message) => lines.push(message));
    expect(lines).toEqual([]);
  });

  it('accepts an empty object and a byte-order mark from Notepad', () => {
    expect(readMachineSettings(file({})).problem).toBeNull();
    expect(readMachineSettings(file(`\uFEFF${JSON.stringify({ startAtLogin: false })}`)).settings).toEqual({ startAtLogin: false });
  });

  it('reports a file that is not JSON, or far too big, as a whole', () => {
    expect(readMachineSettings(file('{ "backendUrl": "https://x.edu", }')).problem).toMatchObject({ field: '(whole file)', message: expect.stringMatching(/^is not valid JSON/) });
    expect(readMachineSettings(file('[1, 2]')).problem).toMatchObject({ field: '(whole file)' });
    expect(readMachineSettings(file(`{"x": "${'a'.repeat(70_000)}"}`)).problem).toMatchObject({ field: '(whole file)', message: expect.stringContaining('bytes') });
  });

  // Each field wrong in turn, the rest valid: the problem names that field, and only it is ignored.
  const wrong: [string, Record<string, unknown>, string][] = [
    ['backendUrl', { backendUrl: 'ftp://chat.example.edu' }, 'backendUrl'],
    ['backendUrl', { backendUrl: 'http://chat.example.edu' }, 'backendUrl'],
    ['backendUrl', { backendUrl: 42 }, 'backendUrl'],
    ['homeCampus', { homeCampus: 'Tunxis Campus' }, 'homeCampus'],
    ['startAtLogin', { startAtLogin: 'yes' }, 'startAtLogin'],
    ['hideToTrayOnClose', { hideToTrayOnClose: 1 }, 'hideToTrayOnClose'],
    ['alerts.minVolume', { alerts: { ...VALID.alerts, minVolume: 2 } }, 'alerts.minVolume'],
    ['alerts.minVolume', { alerts: { ...VALID.alerts, minVolume: -0.1 } }, 'alerts.minVolume'],
    ['alerts.maxMuteMinutes', { alerts: { ...VALID.alerts, maxMuteMinutes: 90 } }, 'alerts.maxMuteMinutes'],
    ['alerts.maxMuteMinutes', { alerts: { ...VALID.alerts, maxMuteMinutes: 2.5 } }, 'alerts.maxMuteMinutes'],
    ['alerts.ringWhileSignedOut', { alerts: { ...VALID.alerts, ringWhileSignedOut: 'true' } }, 'alerts.ringWhileSignedOut'],
    ['alerts.waitingFeedKey', { alerts: { ...VALID.alerts, waitingFeedKey: 'short' } }, 'alerts.waitingFeedKey'],
    ['alerts.waitingFeedKey', { alerts: { ringWhileSignedOut: true } }, 'alerts.waitingFeedKey'],
    ['alerts (unknown)', { alerts: { ...VALID.alerts, volume: 1 } }, 'alerts.volume'],
    ['updates.url', { updates: { url: 'http://updates.example.edu/' } }, 'updates.url'],
    ['updates.url', { updates: {} }, 'updates.url'],
    ['updates.checkEveryHours', { updates: { ...VALID.updates, checkEveryHours: 0 } }, 'updates.checkEveryHours'],
    ['updates.checkEveryHours', { updates: { ...VALID.updates, checkEveryHours: 48 } }, 'updates.checkEveryHours'],
    ['locked', { locked: ['colour'] }, 'locked[0]'],
    ['locked', { locked: 'backendUrl' }, 'locked'],
    ['locked without a value', { backendUrl: undefined, alerts: undefined, locked: ['backendUrl'] }, 'locked[0]'],
    ['a misspelt field', { backendURL: 'https://x.edu' }, 'backendURL'],
  ];
  const valueAt = (object: unknown, field: string): unknown =>
    field.split(/\.|\[|\]/).filter(Boolean).reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), object);
  it.each(wrong)('names %s when it is wrong, ignores it, and keeps the rest', (_name, change, field) => {
    const written = { ...VALID, ...change };
    const path = file(written);
    const read = readMachineSettings(path);
    expect(read.found).toBe(true);
    expect(read.problem?.field).toBe(field);
    // The bad value is not applied...
    const bad = valueAt(written, field);
    if (bad !== undefined) expect(valueAt(read.settings, field)).not.toEqual(bad);
    // ...and what was valid around it still is.
    const policy = new MachinePolicy(read);
    if (!field.startsWith('backendUrl') && written.backendUrl) {
      expect(read.settings.backendUrl).toBe(VALID.backendUrl);
      expect(policy.backendUnknown()).toBe(false);
    }
    // A lock goes with its value: the bad field's lock (if any) is dropped, the others stay.
    if (!field.startsWith('locked') && written.backendUrl) expect(policy.locked()).toEqual(VALID.locked.filter((name) => name !== field));
    if (!field.startsWith('alerts') && written.alerts) expect(policy.limits()).toEqual({ minVolume: 0.4, maxMuteMinutes: 15 });
    if (!field.startsWith('startAtLogin')) expect(read.settings.startAtLogin).toBe(true);
    expect(read.problem?.message.length).toBeGreaterThan(0);
    const lines: { level: string; message: string }[] = [];
    logMachineSettings(read, (level, message) => lines.push({ level, message }));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('error');
    expect(lines[0]?.message).toMatch(new RegExp(`^machine settings ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${field.replace(/[.[\]]/g, '\\$&')}: .+; ignored; what applies: .+$`));
  });

  it('keeps the valid fields beside a bad one inside alerts, and drops a lock on a bad value', () => {
    const read = readMachineSettings(file({ ...VALID, alerts: { ...VALID.alerts, minVolume: 40 }, startAtLogin: 'yes' }));
    expect(read.problem).toMatchObject({ field: 'startAtLogin', message: expect.stringContaining('and 1 more: alerts.minVolume') });
    expect(read.settings).toEqual({ ...VALID, startAtLogin: undefined, alerts: { maxMuteMinutes: 15, ringWhileSignedOut: true, waitingFeedKey: KEY }, locked: ['backendUrl', 'hideToTrayOnClose'] });
    expect(new MachinePolicy(read).limits()).toEqual({ minVolume: 0, maxMuteMinutes: 15 });
    expect(new MachinePolicy(read).signedOutRinging()).toEqual({ backendUrl: VALID.backendUrl, key: KEY });
  });

  it('a bad backend URL: no backend, no lock on it, no signed-out ringing, and never the built-in backend', () => {
    const read = readMachineSettings(file({ ...VALID, backendUrl: 'http://chat.example.edu' }));
    const policy = new MachinePolicy(read);
    expect(read.settings.backendUrl).toBeUndefined();
    expect(policy.locked()).toEqual(['startAtLogin', 'hideToTrayOnClose']);
    expect(policy.signedOutRinging()).toBeNull();
    expect(policy.backendUnknown()).toBe(true);
    expect(policy.view()).toMatchObject({ backendUrl: null, problem: { field: 'backendUrl' } });
  });

  it('a file that is not JSON applies nothing and never quotes its content (it may hold a key)', () => {
    const read = readMachineSettings(file(`{ "alerts": { "waitingFeedKey": ${KEY} } }`));
    expect(read.settings).toEqual({});
    expect(read.problem?.message).toMatch(/^is not valid JSON/);
    expect(read.problem?.message).not.toContain('kkkk');
    expect(new MachinePolicy(read).backendUnknown()).toBe(true);
    // A valid file, or none, leaves the choice of backend alone.
    expect(new MachinePolicy(readMachineSettings(file({ startAtLogin: true }))).backendUnknown()).toBe(false);
    // A file that never named a backend still means the built-in one, even with a bad field elsewhere.
    const noBackend = readMachineSettings(file({ startAtLogin: true, alerts: { minVolume: 2 } }));
    expect(noBackend.problem?.field).toBe('alerts.minVolume');
    expect(new MachinePolicy(noBackend).backendUnknown()).toBe(false);
    // ...but a misspelt backend key means IT named one that cannot be used.
    expect(new MachinePolicy(readMachineSettings(file({ backendURL: 'https://chat.example.edu' }))).backendUnknown()).toBe(true);
    expect(MachinePolicy.none().backendUnknown()).toBe(false);
  });

  it('lists the other wrong fields too, in the one line', () => {
    const read = readMachineSettings(file({ startAtLogin: 'yes', hideToTrayOnClose: 'no', homeCampus: '!' }));
    expect(read.problem?.message).toMatch(/and 2 more: /);
  });

  it('reports an unreadable file without throwing', () => {
    if (process.getuid?.() === 0) return; // root reads anything
    const path = file(VALID);
    writeFileSync(path, JSON.stringify(VALID), { mode: 0o000 });
    const read = readMachineSettings(path);
    expect(read.problem).toMatchObject({ field: '(whole file)', message: expect.stringContaining('cannot be read') });
  });

  it('ships an example file that is valid', () => {
    const example = JSON.parse(readFileSync('deploy/machine-settings.example.json', 'utf8')) as unknown;
    expect(MachineSettings.safeParse(example).success).toBe(true);
  });
});

describe('the machine policy', () => {
  it('applies nothing without a file', () => {
    const none = MachinePolicy.none();
    expect(none.locked()).toEqual([]);
    expect(none.limits()).toEqual({ minVolume: 0, maxMuteMinutes: 60 });
    expect(none.updates()).toBeNull();
    expect(none.signedOutRinging()).toBeNull();
  });

  it('gives the locks, limits, update server and signed-out ringing of a valid file', () => {
    const policy = new MachinePolicy(readMachineSettings(file(VALID)));
    expect(policy.isLocked('backendUrl')).toBe(true);
    expect(policy.value('homeCampus')).toBe('tunxis');
    expect(policy.limits()).toEqual({ minVolume: 0.4, maxMuteMinutes: 15 });
    expect(policy.updates()).toEqual({ url: VALID.updates.url, everyMs: 6 * 3_600_000 });
    expect(policy.signedOutRinging()).toEqual({ backendUrl: VALID.backendUrl, key: KEY });
    expect(policy.view()).toMatchObject({ found: true, problem: null, ringWhileSignedOut: true, updatesUrl: VALID.updates.url });
  });

  it('chooses the backend: a locked one always, else the launch URL, then IT default, else embedded', () => {
    const log: string[] = [];
    const logFn = (_l: string, message: string) => void log.push(message);
    const locked = new MachinePolicy(readMachineSettings(file({ backendUrl: 'https://a.example.edu', locked: ['backendUrl'] })));
    const unlocked = new MachinePolicy(readMachineSettings(file({ backendUrl: 'https://a.example.edu' })));
    expect(chooseBackendUrl('https://b.example.edu/', locked, logFn)).toBe('https://a.example.edu');
    expect(log).toHaveLength(1);
    expect(chooseBackendUrl('https://b.example.edu/', unlocked, logFn)).toBe('https://b.example.edu/');
    expect(chooseBackendUrl(null, unlocked, logFn)).toBe('https://a.example.edu');
    expect(chooseBackendUrl(null, MachinePolicy.none(), logFn)).toBeNull();
  });
});
