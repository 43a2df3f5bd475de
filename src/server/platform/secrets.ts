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

/**
 * scrypt cost of new hashes. N = 2^16 (64 MiB) took 124 ms per hash on the reference machine
 * (2^15: 61 ms, 2^17: 252 ms); the highest that keeps one sign-in under ~150 ms. Parameters are
 * stored with each hash, so older hashes still verify, and are upgraded at their next sign-in.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = { N: 1 << 16, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const MAX_N = 1 << 20;

interface ParsedHash extends ScryptCost {
  salt: Buffer;
  key: Buffer;
}

/** Twice what scrypt needs (128 * N * r), so Node never refuses a cost we accept. */
const maxmem = (N: number, r: number): number => 256 * N * r;

const encode = (cost: ScryptCost, salt: Buffer, key: Buffer): string =>
  ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');

/** `scrypt$N$r$p$salt$key`, salt and key base64url. Blocks for the hash's duration: use hashPasswordAsync where the event loop matters. */
export function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): string {
  const salt = randomBytes(SALT_BYTES);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_BYTES, { ...cost, maxmem: maxmem(cost.N, cost.r) });
  return encode(cost, salt, key);
}

/** The same hash, computed on the libuv pool. */
export async function hashPasswordAsync(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_BYTES, cost);
  return encode(cost, salt, key);
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Bounds guard against a tampered row asking for gigabytes of memory.
  if (![N, r, p].every(Number.isInteger) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

/** True when a stored hash is cheaper than `cost` in any parameter (so it should be redone at the next sign-in). */
export function weakerThan(stored: string, cost: ScryptCost): boolean {
  const hash = parseHash(stored);
  return hash !== null && (hash.N < cost.N || hash.r < cost.r || hash.p < cost.p);
}

function scryptAsync(password: string, salt: Buffer, keyBytes: number, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, { N: cost.N, r: cost.r, p: cost.p, maxmem: maxmem(cost.N, cost.r) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Runs off the event loop (libuv pool) so logins never stall live chats. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parseHash(stored);
  if (!hash) return false;
  const key = await scryptAsync(password, hash.salt, hash.key.length, hash);
  return timingSafeEqual(key, hash.key);
}

const dummyHashes = new Map<string, Promise<string>>();
/** Spend the same work on unknown usernames so timing does not reveal which accounts exist. */
export async function burnPasswordCheck(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<void> {
  const key = `${cost.N}$${cost.r}$${cost.p}`;
  let dummy = dummyHashes.get(key);
  if (!dummy) {
    dummy = hashPasswordAsync('not-a-real-password', cost);
    dummyHashes.set(key, dummy);
    // A failed computation is not cached: the next call tries again.
    dummy.catch(() => dummyHashes.delete(key));
  }
  await verifyPassword(password, await dummy);
}
