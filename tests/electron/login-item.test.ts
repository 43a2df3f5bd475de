import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTOSTART_FILE, autostartEntry, createLoginItem, quoteExecArg } from '../../src/main/electron/login-item';
import { recordingLog } from './fakes';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fakeApp() {
  const settings: { openAtLogin: boolean }[] = [];
  let current = false;
  return {
    settings,
    getLoginItemSettings: () => ({ openAtLogin: current }),
    setLoginItemSettings: (s: { openAtLogin: boolean }) => {
      settings.push(s);
      current = s.openAtLogin;
    },
  };
}

describe('start at login', () => {
  for (const platform of ['darwin', 'win32'] as const) {
    it(`uses Electron's login item settings on ${platform}`, () => {
      const app = fakeApp();
      const item = createLoginItem({ platform, app, autostartDir: '/unused', command: [], log: recordingLog().log });
      expect(item.isEnabled()).toBe(false);
      item.setEnabled(true);
      expect(item.isEnabled()).toBe(true);
      item.setEnabled(false);
      expect(app.settings).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
    });
  }

  it('writes and removes an XDG autostart entry on Linux, where Electron has no login items', () => {
    const base = mkdtempSync(join(tmpdir(), 'deskbell-autostart-'));
    dirs.push(base);
    const autostartDir = join(base, 'autostart'); // does not exist yet
    const app = fakeApp();
    const item = createLoginItem({ platform: 'linux', app, autostartDir, command: ['/opt/Deskbell/deskbell'], log: recordingLog().log });
    expect(item.isEnabled()).toBe(false);
    item.setEnabled(true);
    const file = join(autostartDir, AUTOSTART_FILE);
    expect(item.isEnabled()).toBe(true);
    const entry = readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/opt/Deskbell/deskbell"');
    expect(entry).toContain('Type=Application');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o644);
    item.setEnabled(false);
    expect(existsSync(file)).toBe(false);
    expect(item.isEnabled()).toBe(false);
    expect(app.settings).toEqual([]);
  });

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(quoteExecArg('/home/a b/Deskbell.AppImage')).toBe('"/home/a b/Deskbell.AppImage"');
    expect(quoteExecArg('say "$HOME" `x` \\ 100%')).toBe('"say \\"\\$HOME\\" \\`x\\` \\\\ 100%%"');
    expect(autostartEntry(['/usr/bin/electron', '/src/deskbell'])).toContain('Exec="/usr/bin/electron" "/src/deskbell"');
  });

  it('logs instead of throwing when the autostart folder cannot be written', () => {
    const base = mkdtempSync(join(tmpdir(), 'deskbell-autostart-'));
    dirs.push(base);
    const { log, entries } = recordingLog();
    // A file where the folder should be.
    const blocked = join(base, 'blocked');
    writeFileSync(blocked, '');
    const item = createLoginItem({ platform: 'linux', app: fakeApp(), autostartDir: join(blocked, 'autostart'), command: ['/x'], log });
    expect(() => item.setEnabled(true)).not.toThrow();
    expect(item.isEnabled()).toBe(false);
    expect(entries.some((e) => e.level === 'warn')).toBe(true);
  });
});
