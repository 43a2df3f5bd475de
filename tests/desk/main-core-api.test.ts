import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING } from '../../src/shared/alerts';
import type { CallName, Push } from '../../src/shared/api';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';

let dir: string;
let core: MainCore;
let pushes: Push[];
const opened: string[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-core-api-'));
  core = new MainCore({
    settings: new SettingsStore(dir),
    tokenStore: new MemoryTokenStore(),
    timing: DEFAULT_TIMING,
    embedded: null,
    dataDir: dir,
    services: { openExternal: async (url) => void opened.push(url) },
  });
  pushes = [];
  core.onPush((p) => pushes.push(p));
  opened.length = 0;
});
afterEach(async () => {
  await core.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the renderer API in the main core', () => {
  it('refuses unknown calls and bad arguments with typed errors, changing nothing', async () => {
    expect(await core.call('fs.readFile' as CallName, {})).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(await core.call('__proto__' as CallName, {})).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(await core.call('chat.claim', { chatId: 7 })).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(await core.call('chat.send', { chatId: 'abcd1234', text: '' })).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(await core.call('alerts.set', { urgentRepeatMs: 100 })).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(await core.call('alerts.set', { volume: 0.5, evil: true })).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(await core.call('alerts.mute', { minutes: 600 })).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(pushes).toEqual([]);
    expect(existsSync(join(dir, 'settings.json'))).toBe(false);
  });

  it('needs a session for chat commands', async () => {
    expect(await core.call('chat.claim', { chatId: 'abcd1234' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('persists validated alert settings and pushes them', async () => {
    const set = await core.call('alerts.set', { volume: 0.5, otherCampusVolume: 0.2, urgentRepeatMs: 5_000 });
    expect(set).toMatchObject({ ok: true, value: { volume: 0.5, otherCampusVolume: 0.2, urgentRepeatMs: 5_000 } });
    expect(pushes.filter((p) => p.type === 'alerts')).toHaveLength(1);
    const reloaded = new SettingsStore(dir).get().alerts;
    expect(reloaded).toMatchObject({ volume: 0.5, otherCampusVolume: 0.2, urgentRepeatMs: 5_000 });
  });

  it('mutes for a limited time only; 0 unmutes', async () => {
    const muted = await core.call('alerts.mute', { minutes: 15 });
    if (!muted.ok) throw new Error(muted.error.message);
    const until = (muted.value as { mutedUntil: number }).mutedUntil;
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(await core.call('alerts.mute', { minutes: 0 })).toMatchObject({ ok: true, value: { mutedUntil: null } });
  });

  it('opens only http(s) and mailto links outside the app', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'notaurl', 'https://library.edu@evil.example/']) {
      expect(await core.call('shell.openExternal', { url })).toMatchObject({ ok: false });
    }
    expect(await core.call('shell.openExternal', { url: 'https://library.ctstate.edu/gateway' })).toMatchObject({ ok: true });
    expect(await core.call('shell.openExternal', { url: 'mailto:ask@example.edu' })).toMatchObject({ ok: true });
    expect(opened).toEqual(['https://library.ctstate.edu/gateway', 'mailto:ask@example.edu']);
  });
});

describe('settings file', () => {
  it('keeps a damaged file aside and falls back to defaults', () => {
    writeFileSync(join(dir, 'settings.json'), '{"version":1,"alerts":{"volume":7}}');
    const store = new SettingsStore(dir);
    expect(store.get().alerts).toEqual(DEFAULT_ALERT_SETTINGS);
    expect(readFileSync(join(dir, 'settings.json.bad'), 'utf8')).toContain('"volume":7');
  });

  it('refuses an invalid update and keeps the old value', () => {
    const store = new SettingsStore(dir);
    expect(() => store.update((s) => ({ ...s, idleAwayMinutes: -3 }))).toThrow();
    expect(store.get().idleAwayMinutes).toBe(10);
  });
});

describe('browser-shell session file', () => {
  it('is written 0600 even over an older world-readable file, and a damaged one means signed out', async () => {
    const { FileTokenStore } = await import('../../src/main/browser/file-token-store');
    const { statSync, chmodSync } = await import('node:fs');
    const path = join(dir, 'session.json');
    writeFileSync(path, '{}');
    chmodSync(path, 0o644);
    const store = new FileTokenStore(path);
    await store.save({ backendUrl: 'http://127.0.0.1:1', token: 'x'.repeat(32), operator: { id: 'o1', name: 'Ada', campus: 'gateway' } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await store.load())?.operator.name).toBe('Ada');
    writeFileSync(path, 'not json');
    expect(await store.load()).toBeNull();
    expect(existsSync(path)).toBe(false);
  });
});
