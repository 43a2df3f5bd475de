import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { Operator } from '../../shared/session/schemas';
import type { SavedSession, TokenStore } from '../core/ports';

const Saved = z.object({ backendUrl: z.string(), token: z.string().min(16), operator: Operator });

/**
 * The browser shell has no OS keychain, so its session lives in a 0600 file in its own data
 * folder. (The Electron shell encrypts it with safeStorage instead.)
 */
export class FileTokenStore implements TokenStore {
  constructor(private readonly path: string) {}

  async load(): Promise<SavedSession | null> {
    if (!existsSync(this.path)) return null;
    try {
      const parsed = Saved.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: a damaged file means signed out
    }
    rmSync(this.path, { force: true });
    return null;
  }

  async save(session: SavedSession): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // A fresh 0600 file renamed into place: an older, looser file's permissions never carry over.
    const tmp = `${this.path}.tmp`;
    rmSync(tmp, { force: true });
    writeFileSync(tmp, JSON.stringify(session), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }

  async clear(): Promise<void> {
    rmSync(this.path, { force: true });
  }
}

/** For tests and throwaway runs: remembers nothing on disk. */
export class MemoryTokenStore implements TokenStore {
  private saved: SavedSession | null = null;
  async load() {
    return this.saved;
  }
  async save(session: SavedSession) {
    this.saved = session;
  }
  async clear() {
    this.saved = null;
  }
}
