/**
 * The core's update policy against a stand-in updater port, on fake timers: when it asks the
 * update server, and what it does with each thing the updater reports. (The real
 * electron-updater, download and hold-during-a-chat flow: tests/electron/updates.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { readMachineSettings } from '../../src/main/core/machine-settings/read';
import { MainCore } from '../../src/main/core/main-core';
import type { UpdaterEvent, UpdaterPort } from '../../src/main/core/ports';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { DEFAULT_TIMING } from '../../src/shared/alerts';

class StandInUpdater implements UpdaterPort {
  readonly currentVersion = '1.0.0';
  feed: string | null = null;
  checks = 0;
  installs = 0;
  private readonly listeners = new Set<(event: UpdaterEvent) => void>();
  configure(url: string) {
    this.feed = url;
  }
  async check() {
    this.checks += 1;
  }
  installNow() {
    this.installs += 1;
  }
  onEvent(listener: (event: UpdaterEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  report(event: UpdaterEvent) {
    for (const listener of this.listeners) listener(event);
  }
}

const HOUR = 3_600_000;
let dir = '';
beforeEach(() => {
  vi.useFakeTimers();
  dir = mkdtempSync(join(tmpdir(), 'deskbell-updates-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

function core(machine: object | null, port: StandInUpdater | null) {
  const path = join(dir, 'machine.json');
  writeFileSync(path, JSON.stringify(machine ?? {}));
  return new MainCore({
    settings: new SettingsStore(dir),
    machine: new MachinePolicy(readMachineSettings(path)),
    tokenStore: new MemoryTokenStore(),
    timing: DEFAULT_TIMING,
    embedded: null,
    dataDir: dir,
    updater: port,
    updateTuning: { firstCheckAfterMs: 1_000 },
  });
}

describe('the update policy', () => {
  it('is off without an update server, and says why when asked to check', async () => {
    const port = new StandInUpdater();
    const desk = core(null, port);
    expect(await desk.call('updates.get', {})).toMatchObject({ ok: true, value: { state: 'off' } });
    expect(await desk.call('updates.check', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    vi.advanceTimersByTime(48 * HOUR);
    expect(port.checks).toBe(0);
    expect(port.feed).toBeNull();
    await desk.stop();
  });

  it('is off without an updater (the browser shell), whatever the settings say', async () => {
    const desk = core({ updates: { url: 'https://updates.example.edu/' } }, null);
    expect(await desk.call('updates.get', {})).toMatchObject({ ok: true, value: { state: 'off' } });
    await desk.stop();
  });

  it("asks IT's server soon after start, then every few hours", async () => {
    const port = new StandInUpdater();
    const desk = core({ updates: { url: 'https://updates.example.edu/deskbell/', checkEveryHours: 3 } }, port);
    expect(port.feed).toBe('https://updates.example.edu/deskbell/');
    vi.advanceTimersByTime(999);
    expect(port.checks).toBe(0);
    vi.advanceTimersByTime(1);
    expect(port.checks).toBe(1);
    vi.advanceTimersByTime(3 * HOUR);
    expect(port.checks).toBe(2);
    vi.advanceTimersByTime(6 * HOUR);
    expect(port.checks).toBe(4);
    await desk.stop();
    vi.advanceTimersByTime(24 * HOUR);
    expect(port.checks).toBe(4);
  });

  it('follows the updater: found, downloading, ready; and no more checks once one is ready', async () => {
    const port = new StandInUpdater();
    const desk = core({ updates: { url: 'https://updates.example.edu/' } }, port);
    port.report({ type: 'checking' });
    port.report({ type: 'available', version: '1.1.0' });
    port.report({ type: 'progress', percent: 42.4 });
    expect(await desk.call('updates.get', {})).toMatchObject({ ok: true, value: { state: 'downloading', version: '1.1.0', percent: 42 } });
    port.report({ type: 'downloaded', version: '1.1.0' });
    expect(await desk.call('updates.get', {})).toMatchObject({ ok: true, value: { state: 'ready', held: false } });
    const before = port.checks;
    vi.advanceTimersByTime(24 * HOUR);
    expect(port.checks).toBe(before);
    // Nobody holds a chat: the librarian's confirmation installs it.
    expect(await desk.call('updates.install', {})).toMatchObject({ ok: true, value: { state: 'installing' } });
    expect(port.installs).toBe(1);
    await desk.stop();
  });

  it('a confirmed install that fails (an error, or the app never quits) goes back to ready and says why', async () => {
    const port = new StandInUpdater();
    const desk = core({ updates: { url: 'https://updates.example.edu/' } }, port);
    port.report({ type: 'downloaded', version: '1.1.0' });
    expect(await desk.call('updates.install', {})).toMatchObject({ ok: true, value: { state: 'installing' } });
    port.report({ type: 'error', message: 'pkexec: authentication dismissed' });
    expect(await desk.call('updates.get', {})).toMatchObject({ ok: true, value: { state: 'ready', error: 'the update could not be installed: pkexec: authentication dismissed' } });
    // Tried again, and this time nothing happens at all: after a while it says so.
    expect(await desk.call('updates.install', {})).toMatchObject({ ok: true, value: { state: 'installing', error: null } });
    vi.advanceTimersByTime(89_000);
    expect(await desk.call('updates.get', {})).toMatchObject({ ok: true, value: { state: 'installing' } });
    vi.advanceTimersByTime(2_000);
    expect(await desk.call('updates.get', {})).toMatchObject({ ok: true, value: { state: 'ready', error: expect.stringContaining('did not restart') } });
    // An updater that throws at once.
    port.installNow = () => {
      throw new Error('no installer');
    };
    expect(await desk.call('updates.install', {})).toMatchObject({ ok: true, value: { state: 'ready', error: expect.stringContaining('no installer') } });
    await desk.stop();
  });

  it('keeps the desk working after a failed check, and tries again at the next one', async () => {
    const port = new StandInUpdater();
    const desk = core({ updates: { url: 'https://updates.example.edu/', checkEveryHours: 1 } }, port);
    vi.advanceTimersByTime(1_000);
    port.report({ type: 'error', message: 'net::ERR_NAME_NOT_RESOLVED' });
    expect(await desk.call('updates.get', {})).toMatchObject({ ok: true, value: { state: 'error', error: 'net::ERR_NAME_NOT_RESOLVED' } });
    expect(await desk.call('updates.install', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    vi.advanceTimersByTime(HOUR);
    expect(port.checks).toBe(2);
    await desk.stop();
  });
});
