import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeviceToken } from '../../../shared/session/schemas';
import type { DeviceTokenStore, LogFn } from '../ports';

/** What a device-tokens file holds (this plain one, and the desktop app's encrypted one). */
export const DeviceTokensFile = z.object({ version: z.literal(1), tokens: z.record(z.string().max(700), DeviceToken) });

/** The plain file's name: what the desktop app moves into its encrypted file (electron/session/device-token-store.ts). */
export const PLAIN_DEVICE_TOKENS_FILE = 'device-tokens.json';

/** One token per backend and username, whatever case the username was typed in. */
export const deviceTokenKey = (backendUrl: string, username: string) => `${backendUrl}\n${username.trim().toLowerCase()}`;

/**
 * Device tokens this computer holds, per backend and username: proof the librarian signed in
 * here before, which exempts her from the sign-in throttles an attacker elsewhere can trigger.
 * Not a credential (it cannot sign anyone in), so it stays across sign-outs; kept 0600. This
 * plain file is the browser shell's (which keeps its session in plain text too); the desktop
 * app hands the core a safeStorage-encrypted store instead (TokenStore.deviceTokens).
 */
export class DeviceTokens implements DeviceTokenStore {
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly log?: LogFn,
  ) {
    this.path = join(dataDir, PLAIN_DEVICE_TOKENS_FILE);
  }

  async get(backendUrl: string, username: string): Promise<string | undefined> {
    return this.read()[deviceTokenKey(backendUrl, username)];
  }

  async set(backendUrl: string, username: string, token: string): Promise<void> {
    const tokens = { ...this.read(), [deviceTokenKey(backendUrl, username)]: token };
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      const tmp = `${this.path}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, tokens }), { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, this.path);
    } catch (error) {
      // Losing it only means the next sign-in here is treated like one from a new computer.
      this.log?.('warn', 'could not keep the device token', { error: String(error) });
    }
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      const parsed = DeviceTokensFile.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data.tokens : {};
    } catch {
      return {};
    }
  }
}
