/**
 * This computer's device tokens (core/session/device-tokens.ts says what they are for), kept
 * like the session: encrypted with the OS keychain through safeStorage in
 * userData/device-tokens.bin, mode 0600. Where no real keychain is available they live in
 * memory only (the next start signs in like a new computer: slower under a flood, never locked out).
 *
 * Older versions kept them in plain text (device-tokens.json): that file is read once, its
 * tokens re-saved encrypted, and the plain file deleted.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceTokenStore, LogFn } from '../../core/ports';
import { deviceTokenKey, DeviceTokensFile, PLAIN_DEVICE_TOKENS_FILE } from '../../core/session/device-tokens';
import { type SafeStorageLike, sealedFile } from './sealed-file';

export const DEVICE_TOKENS_FILE = 'device-tokens.bin';
const MAX_FILE_BYTES = 256 * 1024;

export interface DeviceTokenStoreDeps {
  safeStorage: SafeStorageLike;
  /** app.getPath('userData'). */
  dir: string;
  platform: NodeJS.Platform;
  log: LogFn;
}

type Tokens = Record<string, string>;

const parseTokens = (text: string): Tokens | null => {
  try {
    const parsed = DeviceTokensFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.tokens : null;
  } catch {
    return null;
  }
};

export function createSafeDeviceTokens(deps: DeviceTokenStoreDeps): DeviceTokenStore {
  const { log } = deps;
  const sealed = sealedFile(deps.safeStorage, deps.platform, join(deps.dir, DEVICE_TOKENS_FILE), MAX_FILE_BYTES);
  const plainFile = join(deps.dir, PLAIN_DEVICE_TOKENS_FILE);
  /** Every token, once read: this process is the only writer. */
  let loading: Promise<Tokens> | null = null;
  let warned = false;

  const warnOnce = (reason: string) => {
    if (warned) return;
    warned = true;
    log('warn', 'device tokens are kept in memory only: after a restart this computer signs in like a new one', { reason });
  };

  const save = async (tokens: Tokens) => {
    const reason = await sealed.unavailableBecause();
    if (reason) return warnOnce(reason);
    await sealed.write(JSON.stringify({ version: 1, tokens }));
  };

  const readSealed = async (): Promise<Tokens> => {
    try {
      const read = await sealed.read();
      if (!read) return {};
      const tokens = parseTokens(read.text);
      if (!tokens) throw new Error('not a device-tokens file');
      // The keychain rotated its key: store them again under the new one.
      if (read.shouldReEncrypt) await save(tokens);
      return tokens;
    } catch (error) {
      log('warn', 'the saved device tokens were unreadable and have been deleted', { error: String(error) });
      await sealed.remove().catch(() => undefined);
      return {};
    }
  };

  /** The plain-text file older versions wrote, read once; null when there is none. */
  const readPlain = async (): Promise<Tokens | null> => {
    let text: string;
    try {
      text = await readFile(plainFile, 'utf8');
    } catch {
      return null;
    }
    return parseTokens(text) ?? {};
  };

  const load = async (): Promise<Tokens> => {
    const reason = await sealed.unavailableBecause();
    // Without a keychain, leave an encrypted file alone: the keychain may be back next run.
    const stored = reason ? {} : await readSealed();
    const plain = await readPlain();
    if (plain === null) {
      if (reason) warnOnce(reason);
      return stored;
    }
    // The move from plain text: the encrypted tokens win over the plain ones for the same key.
    const tokens = { ...plain, ...stored };
    if (reason) warnOnce(reason);
    else await save(tokens);
    await rm(plainFile, { force: true });
    log('info', reason ? 'the plain-text device tokens were read into memory and their file deleted' : 'the plain-text device tokens were moved into the encrypted file', {
      tokens: Object.keys(plain).length,
    });
    return tokens;
  };

  const tokens = (): Promise<Tokens> => {
    loading ??= load().catch((error: unknown) => {
      log('warn', 'could not read the device tokens', { error: String(error) });
      return {};
    });
    return loading;
  };

  return {
    async get(backendUrl, username) {
      return (await tokens())[deviceTokenKey(backendUrl, username)];
    },
    async set(backendUrl, username, token) {
      const all = await tokens();
      all[deviceTokenKey(backendUrl, username)] = token;
      // Losing it only means the next sign-in here is treated like one from a new computer.
      await save(all).catch((error: unknown) => log('warn', 'could not keep the device token', { error: String(error) }));
    },
  };
}
