import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeviceToken } from '../../../shared/session/schemas';
import type { LogFn } from '../ports';

const File = z.object({ version: z.literal(1), tokens: z.record(z.string().max(700), DeviceToken) });

const keyOf = (backendUrl: string, username: string) => `${backendUrl}\n${username.trim().toLowerCase()}`;

/**
 * Device tokens this computer holds, per backend and username: proof the librarian signed in
 * here before, which exempts her from the sign-in throttles an attacker elsewhere can trigger.
 * Not a credential (it cannot sign anyone in), so it stays across sign-outs; kept 0600.
 */
export class DeviceTokens {
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly log?: LogFn,
  ) {
    this.path = join(dataDir, 'device-tokens.json');
  }

  get(backendUrl: string, username: string): string | undefined {
    return this.read()[keyOf(backendUrl, username)];
  }

  set(backendUrl: string, username: string, token: string): void {
    const tokens = { ...this.read(), [keyOf(backendUrl, username)]: token };
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
      const parsed = File.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data.tokens : {};
    } catch {
      return {};
    }
  }
}
