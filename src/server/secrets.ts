import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** A bearer secret: 32 random bytes, base64url. Only its sha256 is ever stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');
export const newId = (bytes = 12): string => randomBytes(bytes).toString('base64url');
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Compare two hex digests without leaking where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

// scrypt cost: ~16 MiB and tens of milliseconds per hash. Parameters are stored with each hash,
// so raising them later only affects new hashes.
const COST = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const MAX_N = 1 << 20;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

const maxmem = (N: number, r: number): number => 256 * N * r;

/** `scrypt$N$r$p$salt$key`, salt and key base64url. */
export function hashPassword(password: string): string {
  const salt = randomBytes(SALT_BYTES);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_BYTES, { ...COST, maxmem: maxmem(COST.N, COST.r) });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds guard against a tampered row asking for gigabytes of memory.
  if (![N, r, p].every(Number.isInteger) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

function scryptAsync(password: string, hash: ParsedHash): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), hash.salt, hash.key.length, { N: hash.N, r: hash.r, p: hash.p, maxmem: maxmem(hash.N, hash.r) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Runs off the event loop (libuv pool) so logins never stall live chats. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parseHash(stored);
  if (!hash) return false;
  const key = await scryptAsync(password, hash);
  return timingSafeEqual(key, hash.key);
}

let dummyHash: string | null = null;
/** Spend the same work on unknown usernames so timing does not reveal which accounts exist. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password');
  await verifyPassword(password, dummyHash);
}
