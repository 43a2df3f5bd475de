/**
 * The signed-in session between runs, encrypted with the OS keychain through safeStorage
 * (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux) in
 * userData/session.bin, mode 0600. Never written in plain text: where no real keychain
 * is available, the session lives in memory only and the operator signs in each start.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Operator } from '../../../shared/session/schemas';
import type { LogFn, SavedSession, TokenStore } from '../../core/ports';

export const SESSION_FILE = 'session.bin';
const MAX_FILE_BYTES = 64 * 1024;

/** What a session file must decrypt to; anything else is corrupt. */
const StoredSession = z
  .object({
    v: z.literal(1),
    session: z
      .object({
        backendUrl: z.url({ protocol: /^https?$/ }).max(500),
        token: z.string().min(1).max(8192),
        operator: Operator,
      })
      .strict(),
  })
  .strict();

/** The parts of Electron's safeStorage used here (the async API: the sync one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only; 'basic_text' means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend(): string;
}

export interface TokenStoreDeps {
  safeStorage: SafeStorageLike;
  /** app.getPath('userData'). */
  dir: string;
  platform: NodeJS.Platform;
  log: LogFn;
}

export function createSafeTokenStore(deps: TokenStoreDeps): TokenStore {
  const { safeStorage, log } = deps;
  const file = join(deps.dir, SESSION_FILE);
  let memory: SavedSession | null = null;
  let warned = false;

  /** Null when the session may be kept encrypted on disk; otherwise why not. */
  const unavailableBecause = async (): Promise<string | null> => {
    let available = false;
    try {
      available = await safeStorage.isAsyncEncryptionAvailable();
    } catch (error) {
      return `safeStorage failed: ${String(error)}`;
    }
    if (!available) return 'no OS keychain is available to encrypt it';
    if (deps.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'the Linux desktop offers no keyring (libsecret or kwallet); basic_text is not real encryption';
    }
    return null;
  };

  const warnOnce = (reason: string) => {
    if (warned) return;
    warned = true;
    log('warn', 'the session is kept in memory only: you will sign in again after a restart', { reason });
  };

  const remove = async () => {
    await rm(file, { force: true });
  };

  const writeEncrypted = async (session: SavedSession) => {
    const encrypted = await safeStorage.encryptStringAsync(JSON.stringify({ v: 1, session }));
    // Write-then-rename: a crash mid-write never leaves half a file behind.
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, encrypted, { mode: 0o600, flag: 'wx' });
      await rename(temp, file);
      await chmod(file, 0o600);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  };

  const readEncrypted = async (): Promise<SavedSession | null> => {
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      return null; // no file: signed out
    }
    try {
      if (size === 0 || size > MAX_FILE_BYTES) throw new Error(`unexpected size ${size}`);
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(await readFile(file));
      const parsed = StoredSession.safeParse(JSON.parse(result));
      if (!parsed.success) throw new Error('not a saved session');
      const session: SavedSession = parsed.data.session;
      // The keychain rotated its key: store the session again under the new one.
      if (shouldReEncrypt) await writeEncrypted(session).catch((error: unknown) => log('warn', 'could not re-encrypt the session', { error: String(error) }));
      return session;
    } catch (error) {
      log('warn', 'the saved session was unreadable and has been deleted; sign in again', { error: String(error) });
      await remove().catch(() => undefined);
      return null;
    }
  };

  return {
    async load() {
      if (memory) return memory;
      const reason = await unavailableBecause();
      if (reason) {
        // Leave any file alone: the keychain may be back next run.
        warnOnce(reason);
        return null;
      }
      return readEncrypted();
    },
    async save(input) {
      const session: SavedSession = StoredSession.shape.session.parse(input);
      const reason = await unavailableBecause();
      if (reason) {
        warnOnce(reason);
        memory = session;
        // An older encrypted session must not come back in place of this one.
        await remove();
        return;
      }
      await writeEncrypted(session);
      memory = null;
    },
    async clear() {
      memory = null;
      await remove();
    },
  };
}
