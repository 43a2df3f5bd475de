/**
 * IT's machine-wide settings in the main core, through the renderer API (the calls the
 * settings panel, tray and sign-in form make): locked values and limits are refused with a
 * typed error and change nothing; unlocked values are defaults the desk may change.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { readMachineSettings } from '../../src/main/core/machine-settings/read';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING } from '../../src/shared/alerts';
import { DEFAULT_NUDGES } from '../../src/shared/workspace/nudges';
import type { Push } from '../../src/shared/api';
import type { MachineSettings } from '../../src/shared/machine-settings/schema';
import type { TestBackend } from '../support/backend';
import { startWorld } from '../support/harness';
import { waitFor } from '../support/wait';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function deskWith(settings: MachineSettings, stored?: object) {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-locks-'));
  temps.push(dataDir);
  const path = join(dataDir, 'machine.json');
  writeFileSync(path, JSON.stringify(settings));
  if (stored) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(stored));
  const core = new MainCore({
    settings: new SettingsStore(dataDir),
    machine: new MachinePolicy(readMachineSettings(path)),
    tokenStore: new MemoryTokenStore(),
    timing: DEFAULT_TIMING,
    embedded: null,
    dataDir,
  });
  const pushes: Push[] = [];
  core.onPush((push) => pushes.push(push));
  return { core, dataDir, pushes };
}

let backend: TestBackend;
beforeAll(async () => {
  const world = await startWorld();
  backend = world.backend;
  world.addOperator('ada', 'Ada Lovelace', world.home.id);
});
afterAll(async () => {
  await backend?.close();
});

describe('locked values through the API', () => {
  it('refuses to change a locked desk setting, with a typed error, and changes nothing', async () => {
    const { core, dataDir } = deskWith({ startAtLogin: true, hideToTrayOnClose: false, locked: ['startAtLogin', 'hideToTrayOnClose'] });
    expect(await core.call('settings.get', {})).toEqual({
      ok: true,
      value: { idleAwayMinutes: 10, startAtLogin: true, hideToTrayOnClose: false, locked: ['startAtLogin', 'hideToTrayOnClose'], nudges: DEFAULT_NUDGES },
    });
    for (const change of [{ startAtLogin: false }, { hideToTrayOnClose: true }, { startAtLogin: true, idleAwayMinutes: 5 }]) {
      const refused = await core.call('settings.set', change);
      expect(refused).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('IT department') } });
    }
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, value: { idleAwayMinutes: 10, startAtLogin: true, hideToTrayOnClose: false } });
    // Unlocked settings still change, and are kept.
    expect(await core.call('settings.set', { idleAwayMinutes: 5 })).toMatchObject({ ok: true, value: { idleAwayMinutes: 5 } });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ version: 2, idleAwayMinutes: 5 });
    await core.stop();
  });

  it("takes IT's unlocked values as defaults the desk may change", async () => {
    const { core, pushes } = deskWith({ startAtLogin: true, hideToTrayOnClose: false });
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, value: { startAtLogin: true, hideToTrayOnClose: false, locked: [] } });
    expect(await core.call('settings.set', { hideToTrayOnClose: true, startAtLogin: false })).toMatchObject({
      ok: true,
      value: { startAtLogin: false, hideToTrayOnClose: true },
    });
    // The shells follow the push (the Electron shell applies start at login and closing from it).
    expect(pushes.filter((p) => p.type === 'settings').at(-1)).toMatchObject({ settings: { startAtLogin: false, hideToTrayOnClose: true } });
    await core.stop();
  });

  it('leaves start at login to the OS while nobody has chosen it, and hides to the tray by default', async () => {
    const { core } = deskWith({});
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, value: { startAtLogin: null, hideToTrayOnClose: true, locked: [] } });
    await core.stop();
  });

  it('refuses a volume under the floor and a mute over the cap; allows what is within them', async () => {
    const { core } = deskWith({ alerts: { minVolume: 0.4, maxMuteMinutes: 10 } });
    expect(await core.call('alerts.set', { volume: 0.2 })).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('40%') } });
    expect(await core.call('alerts.mute', { minutes: 15 })).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('10 minutes') } });
    expect(await core.call('alerts.get', {})).toEqual({ ok: true, value: DEFAULT_ALERT_SETTINGS });
    expect(await core.call('alerts.set', { volume: 0.4 })).toMatchObject({ ok: true, value: { volume: 0.4 } });
    const muted = await core.call('alerts.mute', { minutes: 10 });
    expect(muted.ok && muted.value.mutedUntil).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(await core.call('alerts.mute', { minutes: 0 })).toMatchObject({ ok: true, value: { mutedUntil: null } });
    await core.stop();
  });

  it('refuses every mute where IT allows none', async () => {
    const { core } = deskWith({ alerts: { maxMuteMinutes: 0 } });
    expect(await core.call('alerts.mute', { minutes: 5 })).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('does not allow muting') } });
    await core.stop();
  });

  it('brings settings saved before IT set its limits within them, at start', async () => {
    const stored = { version: 1, alerts: { ...DEFAULT_ALERT_SETTINGS, volume: 0.1, mutedUntil: Date.now() + 55 * 60_000 }, idleAwayMinutes: 10, startAtLogin: false };
    const { core, dataDir } = deskWith({ alerts: { minVolume: 0.5, maxMuteMinutes: 5 } }, stored);
    const alerts = await core.call('alerts.get', {});
    expect(alerts.ok && alerts.value.volume).toBe(0.5);
    expect(alerts.ok && alerts.value.mutedUntil).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    // Version 1's startAtLogin was never a choice anyone made: it is dropped.
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toEqual(expect.objectContaining({ version: 2, alerts: expect.objectContaining({ volume: 0.5 }) }));
    expect(await core.call('settings.get', {})).toMatchObject({ ok: true, value: { startAtLogin: null } });
    await core.stop();
  });

  it('refuses to sign in to another backend than the locked one, and signs in to the locked one', async () => {
    const { core } = deskWith({ backendUrl: backend.server.url, locked: ['backendUrl'] });
    const other = await core.call('session.signIn', { backendUrl: 'http://127.0.0.1:9', username: 'ada', password: 'ada-password-123' });
    expect(other).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringContaining('backend URL') } });
    expect(core.sessionView()).toMatchObject({ status: 'signed_out', operator: null });
    const ok = await core.call('session.signIn', { backendUrl: `${backend.server.url}/`, username: 'ada', password: 'ada-password-123' });
    expect(ok).toMatchObject({ ok: true, value: { operator: { name: 'Ada Lovelace' } } });
    await core.stop();
  });

  it('pushes what the renderer shows of IT settings when it attaches: a bad file names its field', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-locks-'));
    temps.push(dataDir);
    const path = join(dataDir, 'machine.json');
    writeFileSync(path, JSON.stringify({ alerts: { minVolume: 'loud' }, locked: ['startAtLogin'] }));
    const core = new MainCore({
      settings: new SettingsStore(dataDir),
      machine: new MachinePolicy(readMachineSettings(path)),
      tokenStore: new MemoryTokenStore(),
      timing: DEFAULT_TIMING,
      embedded: null,
      dataDir,
    });
    const pushes: Push[] = [];
    core.onPush((push) => pushes.push(push));
    await core.call('desk.subscribe', {});
    await waitFor(() => pushes.find((p) => p.type === 'machine'), 'the machine push');
    expect(pushes.find((p) => p.type === 'machine')).toMatchObject({
      machine: { path, found: true, problem: { field: 'alerts.minVolume' }, locked: [], limits: { minVolume: 0, maxMuteMinutes: 60 } },
    });
    // Nothing of the bad file applies, its lock included.
    expect(await core.call('settings.set', { startAtLogin: true })).toMatchObject({ ok: true });
    await core.stop();
  });
});
