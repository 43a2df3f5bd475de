/**
 * Device tokens kept like the session (issue 17, item 6): encrypted with safeStorage (a fake
 * keychain here, as in token-store.test.ts) in userData/device-tokens.bin, 0600, never in plain
 * text; the plain file older versions wrote is read once, re-saved encrypted and deleted. The
 * last test signs a real core in to a real backend with the desktop app's token store.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { MainCore } from '../../src/main/core/main-core';
import { DeviceTokens, PLAIN_DEVICE_TOKENS_FILE } from '../../src/main/core/session/device-tokens';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { createSafeDeviceTokens, DEVICE_TOKENS_FILE } from '../../src/main/electron/session/device-token-store';
import { createSafeTokenStore } from '../../src/main/electron/session/token-store';
import { startWorld } from '../support/harness';
import { waitFor } from '../support/wait';
import { FakeSafeStorage, recordingLog } from './fakes';

const BACKEND = 'https://chat.library.example.edu';
const TOKEN = 'dev_4f3e2d1c0b9a8f7e6d5c4b3a29181706';
const OTHER = 'dev_00aa11bb22cc33dd44ee55ff66778899';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(platform: NodeJS.Platform = 'linux') {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-device-'));
  dirs.push(dir);
  const safeStorage = new FakeSafeStorage();
  const { log, entries } = recordingLog();
  const store = () => createSafeDeviceTokens({ safeStorage, dir, platform, log });
  return { dir, sealed: join(dir, DEVICE_TOKENS_FILE), plain: join(dir, PLAIN_DEVICE_TOKENS_FILE), safeStorage, store, entries };
}

describe('device tokens in safeStorage', () => {
  it('keeps them in an encrypted 0600 file that never contains a token, read back by the next start', async () => {
    const { dir, sealed, store } = setup();
    const first = store();
    await first.set(BACKEND, 'Robin', TOKEN);
    expect(readdirSync(dir)).toEqual([DEVICE_TOKENS_FILE]);
    expect(readFileSync(sealed).includes(Buffer.from(TOKEN))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(sealed).mode & 0o777).toBe(0o600);
    // The username's case does not matter; the backend does.
    expect(await store().get(BACKEND, ' robin ')).toBe(TOKEN);
    expect(await store().get('https://other.example.edu', 'robin')).toBeUndefined();
  });

  it('moves the plain-text file older versions wrote: read once, re-saved encrypted, deleted', async () => {
    const { sealed, plain, store, entries, dir } = setup();
    // Written by the core's plain file store, as every desk before this change did.
    const old = new DeviceTokens(dir);
    await old.set(BACKEND, 'robin', TOKEN);
    await old.set(BACKEND, 'sam', OTHER);
    expect(readFileSync(plain, 'utf8')).toContain(TOKEN);

    const tokens = store();
    expect(await tokens.get(BACKEND, 'robin')).toBe(TOKEN);
    expect(existsSync(plain)).toBe(false);
    expect(readFileSync(sealed).includes(Buffer.from(TOKEN))).toBe(false);
    expect(entries.some((e) => e.message === 'the plain-text device tokens were moved into the encrypted file' && e.data?.tokens === 2)).toBe(true);
    // The next start finds both in the encrypted file alone.
    expect(await store().get(BACKEND, 'sam')).toBe(OTHER);
  });

  it('keeps an encrypted token over a plain one for the same librarian', async () => {
    const { store, dir } = setup();
    await store().set(BACKEND, 'robin', TOKEN);
    await new DeviceTokens(dir).set(BACKEND, 'robin', OTHER);
    expect(await store().get(BACKEND, 'robin')).toBe(TOKEN);
  });

  it.each([
    ['no keychain', (s: FakeSafeStorage) => void (s.available = false)],
    ["Linux's basic_text backend", (s: FakeSafeStorage) => void (s.backend = 'basic_text')],
  ])('with %s, keeps them in memory only, writes nothing, and still deletes the plain file', async (_what, degrade) => {
    const { dir, safeStorage, store, entries } = setup('linux');
    await new DeviceTokens(dir).set(BACKEND, 'robin', TOKEN);
    degrade(safeStorage);
    const tokens = store();
    expect(await tokens.get(BACKEND, 'robin')).toBe(TOKEN);
    await tokens.set(BACKEND, 'sam', OTHER);
    expect(await tokens.get(BACKEND, 'sam')).toBe(OTHER);
    expect(readdirSync(dir)).toEqual([]);
    expect(safeStorage.encryptions).toBe(0);
    expect(entries.filter((e) => e.level === 'warn' && e.message.includes('memory only'))).toHaveLength(1);
  });

  it('deletes an encrypted file that is corrupt, and starts again empty', async () => {
    const { sealed, store, safeStorage } = setup();
    writeFileSync(sealed, await safeStorage.encryptStringAsync('{"version":1,"tokens":{"x":42}}'));
    expect(await store().get(BACKEND, 'robin')).toBeUndefined();
    expect(existsSync(sealed)).toBe(false);
  });

  it('is what the desktop token store hands the core', () => {
    const { dir, safeStorage } = setup();
    expect(createSafeTokenStore({ safeStorage, dir, platform: 'linux', log: () => undefined }).deviceTokens).toBeDefined();
  });
});

describe('a librarian signing in on the desktop app', () => {
  it("leaves no device token in plain text: it is in the encrypted file, and sent at the next start's sign-in", async () => {
    const world = await startWorld();
    world.addOperator('ada', 'Ada Lovelace', world.home.id);
    const { dir, safeStorage, plain, sealed } = setup();
    const url = world.backend.server.url;
    /** The desktop app starting: its token store (the session and the device tokens) over the same folder. */
    const start = () => {
      const tokenStore = createSafeTokenStore({ safeStorage, dir, platform: 'linux', log: () => undefined });
      const core = new MainCore({ settings: new SettingsStore(dir), machine: MachinePolicy.none(), tokenStore, timing: world.timing, embedded: null, dataDir: dir });
      return { core, tokenStore };
    };
    const signIn = async (core: MainCore) => {
      await core.signIn(url, 'ada', 'ada-password-123');
      await waitFor(() => core.sessionView().status === 'online', 'online');
    };
    const first = start();
    try {
      await signIn(first.core);
      expect(existsSync(plain)).toBe(false);
      const token = await first.tokenStore.deviceTokens?.get(url, 'ada');
      expect(token).toEqual(expect.any(String));
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isFile()) expect(readFileSync(path).includes(Buffer.from(token ?? 'missing')), name).toBe(false);
      }
      expect(existsSync(sealed)).toBe(true);
      expect(await first.core.call('session.signOut', {})).toMatchObject({ ok: true });
      await first.core.stop();

      // The next start reads it from the encrypted file and sends it: the backend knows the desk and keeps its token.
      const next = start();
      try {
        await signIn(next.core);
        expect(await next.tokenStore.deviceTokens?.get(url, 'ada')).toBe(token);
      } finally {
        await next.core.stop();
      }
    } finally {
      await first.core.stop();
      await world.backend.close();
    }
  });
});
