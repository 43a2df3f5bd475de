/**
 * The check an update must pass before electron-updater may run it: the manifest it came with is
 * signed (Ed25519, node:crypto) by a key this build trusts (update-trust.ts), and the downloaded
 * file's own sha512, computed here, is one the signed manifest lists. The sha512 electron-updater
 * compares comes from the same server as the file, so it proves nothing on its own.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { signedPayload, UPDATE_SIGNATURE_FIELD, UpdateManifest } from '../../../shared/updates/signed-manifest';

export type UpdateVerdict = { ok: true; sha512: string } | { ok: false; reason: string };

/** A trusted key: an Ed25519 public key as base64 SPKI DER (what `npm run update-key` writes). */
export function publicKeyFrom(spkiBase64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an update key must be Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/** The file's sha512 in base64, as latest.yml writes it; read in chunks (installers are large). */
export async function sha512OfFile(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('base64');
}

/** The same, synchronously: electron-updater's install runs inside a quit handler, which cannot wait. */
export function sha512OfFileSync(path: string): string {
  const hash = createHash('sha512');
  const buffer = Buffer.alloc(1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('base64');
}

/** Whether `manifest` (what electron-updater read) is signed by one of `keys`, and lists the file at `file`. */
export async function verifyUpdate(manifest: unknown, file: string, keys: readonly KeyObject[]): Promise<UpdateVerdict> {
  if (keys.length === 0) return { ok: false, reason: 'this build trusts no update key (docs/deploy.md, "Signed updates")' };
  const parsed = UpdateManifest.safeParse(manifest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `the update manifest is malformed (${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'invalid'})` };
  }
  const signature = parsed.data[UPDATE_SIGNATURE_FIELD];
  if (signature === undefined) return { ok: false, reason: `the update manifest carries no signature (${UPDATE_SIGNATURE_FIELD})` };
  const payload = Buffer.from(signedPayload(parsed.data), 'utf8');
  const signatureBytes = Buffer.from(signature, 'base64');
  if (!keys.some((key) => verify(null, payload, key, signatureBytes))) {
    return { ok: false, reason: 'the update manifest is not signed by a key this build trusts' };
  }
  let sha512: string;
  try {
    sha512 = await sha512OfFile(file);
  } catch (error) {
    return { ok: false, reason: `the downloaded file cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!parsed.data.files.some((listed) => listed.sha512 === sha512)) {
    return { ok: false, reason: 'the downloaded file is not the one the signed manifest lists (its sha512 differs)' };
  }
  return { ok: true, sha512 };
}

/** The build's trusted keys; one that cannot be read is left out and logged (it could verify nothing). */
export function trustedUpdateKeys(list: readonly string[], log: (level: 'error', message: string, data?: Record<string, unknown>) => void): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const [index, text] of list.entries()) {
    try {
      keys.push(publicKeyFrom(text));
    } catch (error) {
      log('error', 'an update key built into the app is not an Ed25519 public key; it is ignored', { index, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return keys;
}
