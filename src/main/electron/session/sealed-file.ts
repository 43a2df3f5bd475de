/**
 * One small file encrypted with the OS keychain through safeStorage (DPAPI on Windows, Keychain
 * on macOS, libsecret/kwallet on Linux), written 0600 by write-then-rename: what the session
 * (token-store.ts) and the device tokens (device-token-store.ts) are kept in. Where no real
 * keychain is available, `unavailableBecause` says why, and callers keep their secret in memory.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';

/** The parts of Electron's safeStorage used here (the async API: the sync one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only; 'basic_text' means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend(): string;
}

export interface SealedFile {
  /** Null when the file may be kept encrypted on disk; otherwise why not. */
  unavailableBecause(): Promise<string | null>;
  write(text: string): Promise<void>;
  /** Null when there is no file; throws when it is not one this keychain wrote (the caller deletes it). */
  read(): Promise<{ text: string; shouldReEncrypt: boolean } | null>;
  remove(): Promise<void>;
}

export function sealedFile(safeStorage: SafeStorageLike, platform: NodeJS.Platform, file: string, maxBytes: number): SealedFile {
  return {
    async unavailableBecause() {
      let available = false;
      try {
        available = await safeStorage.isAsyncEncryptionAvailable();
      } catch (error) {
        return `safeStorage failed: ${String(error)}`;
      }
      if (!available) return 'no OS keychain is available to encrypt it';
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
        return 'the Linux desktop offers no keyring (libsecret or kwallet); basic_text is not real encryption';
      }
      return null;
    },
    async write(text) {
      const encrypted = await safeStorage.encryptStringAsync(text);
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
    },
    async read() {
      let size: number;
      try {
        size = (await stat(file)).size;
      } catch {
        return null;
      }
      if (size === 0 || size > maxBytes) throw new Error(`unexpected size ${size}`);
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(await readFile(file));
      return { text: result, shouldReEncrypt };
    },
    async remove() {
      await rm(file, { force: true });
    },
  };
}
