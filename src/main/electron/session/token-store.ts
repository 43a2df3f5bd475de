/**
 * The signed-in session between runs, encrypted with the OS keychain through safeStorage
 * (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux) in
 * userData/session.bin, mode 0600. Never written in plain text: where no real keychain
 * is available, the session lives in memory only and the operator signs in each start.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { Operator } from '../../../shared/session/schemas';
import type { LogFn, SavedSession, TokenStore } from '../../core/ports';
import { createSafeDeviceTokens } from './device-token-store';
import { type SafeStorageLike, sealedFile } from './sealed-file';

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

export type { SafeStorageLike } from './sealed-file';

export interface TokenStoreDeps {
  safeStorage: SafeStorageLike;
  /** app.getPath('userData'). */
  dir: string;
  platform: NodeJS.Platform;
  log: LogFn;
}

export function createSafeTokenStore(deps: TokenStoreDeps): TokenStore {
  const { log } = deps;
  const sealed = sealedFile(deps.safeStorage, deps.platform, join(deps.dir, SESSION_FILE), MAX_FILE_BYTES);
  let memory: SavedSession | null = null;
  let warned = false;

  const warnOnce = (reason: string) => {
    if (warned) return;
    warned = true;
    log('warn', 'the session is kept in memory only: you will sign in again after a restart', { reason });
  };

  const writeEncrypted = (session: SavedSession) => sealed.write(JSON.stringify({ v: 1, session }));

  const readEncrypted = async (): Promise<SavedSession | null> => {
    try {
      const read = await sealed.read();
      if (!read) return null; // no file: signed out
      const parsed = StoredSession.safeParse(JSON.parse(read.text));
      if (!parsed.success) throw new Error('not a saved session');
      const session: SavedSession = parsed.data.session;
      // The keychain rotated its key: store the session again under the new one.
      if (read.shouldReEncrypt) await writeEncrypted(session).catch((error: unknown) => log('warn', 'could not re-encrypt the session', { error: String(error) }));
      return session;
    } catch (error) {
      log('warn', 'the saved session was unreadable and has been deleted; sign in again', { error: String(error) });
      await sealed.remove().catch(() => undefined);
      return null;
    }
  };

  return {
    async load() {
      if (memory) return memory;
      const reason = await sealed.unavailableBecause();
      if (reason) {
        // Leave any file alone: the keychain may be back next run.
        warnOnce(reason);
        return null;
      }
      return readEncrypted();
    },
    async save(input) {
      const session: SavedSession = StoredSession.shape.session.parse(input);
      const reason = await sealed.unavailableBecause();
      if (reason) {
        warnOnce(reason);
        memory = session;
        // An older encrypted session must not come back in place of this one.
        await sealed.remove();
        return;
      }
      await writeEncrypted(session);
      memory = null;
    },
    async clear() {
      memory = null;
      await sealed.remove();
    },
    // This computer's device tokens, encrypted the same way (device-token-store.ts).
    deviceTokens: createSafeDeviceTokens(deps),
  };
}
