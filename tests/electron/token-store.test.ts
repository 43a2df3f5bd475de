import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SavedSession } from '../../src/main/core/ports';
import { createSafeTokenStore, SESSION_FILE } from '../../src/main/electron/session/token-store';
import { FakeSafeStorage, recordingLog } from './fakes';

const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const session: SavedSession = {
  backendUrl: 'https://chat.library.example.edu',
  token: TOKEN,
  operator: { id: 'op-17', name: 'Robin Okafor', campus: 'manchester' },
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(platform: NodeJS.Platform = 'linux') {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-token-'));
  dirs.push(dir);
  const safeStorage = new FakeSafeStorage();
  const { log, entries } = recordingLog();
  const store = createSafeTokenStore({ safeStorage, dir, platform, log });
  return { dir, file: join(dir, SESSION_FILE), safeStorage, store, entries };
}

describe('safeStorage token store', () => {
  it('round-trips a session through an encrypted file that never contains the token, mode 0600', async () => {
    const { store, file, dir } = setup();
    await store.save(session);
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from(TOKEN))).toBe(false);
    expect(bytes.includes(Buffer.from('Robin Okafor'))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([SESSION_FILE]); // no temp file left behind
    expect(await store.load()).toEqual(session);
  });

  it('reads back what another store instance wrote (the next start of the app)', async () => {
    const first = setup();
    await first.store.save(session);
    const again = createSafeTokenStore({ safeStorage: first.safeStorage, dir: first.dir, platform: 'linux', log: recordingLog().log });
    expect(await again.load()).toEqual(session);
  });

  it('returns null when nothing was saved, and after clear()', async () => {
    const { store, file } = setup();
    expect(await store.load()).toBeNull();
    await store.save(session);
    await store.clear();
    expect(existsSync(file)).toBe(false);
    expect(await store.load()).toBeNull();
  });

  it('writes nothing when encryption is unavailable: the session lives in memory only, and the log says why', async () => {
    const { store, safeStorage, dir, entries } = setup();
    safeStorage.available = false;
    await store.save(session);
    expect(readdirSync(dir)).toEqual([]);
    expect(await store.load()).toEqual(session);
    expect(entries.filter((e) => e.level === 'warn' && e.message.includes('memory only'))).toHaveLength(1);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it("treats Linux's basic_text backend (a hard-coded key) as no encryption", async () => {
    const { store, safeStorage, dir, entries } = setup('linux');
    safeStorage.backend = 'basic_text';
    await store.save(session);
    expect(readdirSync(dir)).toEqual([]);
    expect(safeStorage.encryptions).toBe(0);
    expect(entries.some((e) => String(e.data?.reason).includes('basic_text'))).toBe(true);
  });

  it('removes an older encrypted session when a new one can only be kept in memory', async () => {
    const { store, safeStorage, file } = setup();
    await store.save(session);
    safeStorage.available = false;
    await store.save({ ...session, token: 'tok_newer_session_token_000000' });
    expect(existsSync(file)).toBe(false);
  });

  it('leaves the file alone while the keychain is unavailable, and reads it once it is back', async () => {
    const { store, safeStorage, file } = setup();
    await store.save(session);
    safeStorage.available = false;
    expect(await store.load()).toBeNull();
    expect(existsSync(file)).toBe(true);
    safeStorage.available = true;
    expect(await store.load()).toEqual(session);
  });

  it.each([
    ['garbage bytes', Buffer.from('not encrypted at all')],
    ['an empty file', Buffer.alloc(0)],
    ['an oversized file', Buffer.alloc(200 * 1024, 1)],
  ])('deletes a corrupt file (%s) and reports signed out', async (_name, bytes) => {
    const { store, file } = setup();
    writeFileSync(file, bytes);
    expect(await store.load()).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('deletes a file that decrypts to something other than a valid session', async () => {
    const { store, file, safeStorage } = setup();
    for (const content of ['{"v":1,"session":{"backendUrl":"javascript:alert(1)","token":"x","operator":{}}}', '[1,2,3]', '{not json']) {
      writeFileSync(file, await safeStorage.encryptStringAsync(content));
      expect(await store.load()).toBeNull();
      expect(existsSync(file)).toBe(false);
    }
  });

  it('re-encrypts when the keychain says the key has rotated', async () => {
    const { store, safeStorage } = setup();
    await store.save(session);
    safeStorage.reEncrypt = true;
    const before = safeStorage.encryptions;
    expect(await store.load()).toEqual(session);
    expect(safeStorage.encryptions).toBe(before + 1);
  });

  it('refuses to save something that is not a session', async () => {
    const { store, dir } = setup();
    await expect(store.save({ ...session, backendUrl: 'file:///etc/passwd' })).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
