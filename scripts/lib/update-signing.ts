/**
 * Signing the update manifests electron-builder writes (latest.yml, latest-linux.yml,
 * latest-mac.yml), with IT's Ed25519 private key: what `npm run dist` runs after electron-builder
 * and `npm run update-key` uses to make the key pair. The desk app's side is
 * src/main/electron/updates/update-signature.ts; both build the signed payload with
 * src/shared/updates/signed-manifest.ts.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { signedPayload, UPDATE_SIGNATURE_FIELD, UpdateManifest } from '../../src/shared/updates/signed-manifest';

export const SIGNING_KEY_ENV = 'DESKBELL_UPDATE_SIGNING_KEY';
export const SIGNING_KEY_FILE_ENV = 'DESKBELL_UPDATE_SIGNING_KEY_FILE';

export class SigningError extends Error {}

/** An Ed25519 private key from PEM text; anything else is refused. */
export function privateKeyFrom(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new SigningError(`the update signing key is not a private key in PEM (${error instanceof Error ? error.message : String(error)})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningError(`the update signing key must be Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/** The public half as update-trust.ts lists it: base64 SPKI DER. */
export function publicKeyText(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** A new key pair: the private key as PKCS#8 PEM (for the file kept offline), the public one as update-trust.ts lists it. */
export function newKeyPair(): { privatePem: string; publicText: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicText: publicKeyText(privateKey) };
}

/**
 * The signing key from the environment: the PEM itself (a CI secret) or a file's path (a key
 * kept on removable media). A key file others may read is refused: it is the power to run code
 * on every desk.
 */
export function signingKeyFromEnv(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): KeyObject {
  const pem = env[SIGNING_KEY_ENV]?.trim();
  if (pem) return privateKeyFrom(pem);
  const path = env[SIGNING_KEY_FILE_ENV]?.trim();
  if (!path) throw new SigningError(`no update signing key: set ${SIGNING_KEY_ENV} (the PEM) or ${SIGNING_KEY_FILE_ENV} (its path); docs/deploy.md, "Signed updates"`);
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new SigningError(`cannot read the update signing key ${path} (${error instanceof Error ? error.message : String(error)})`);
  }
  if (platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new SigningError(`the update signing key ${path} can be read by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  }
  return privateKeyFrom(readFileSync(path, 'utf8'));
}

/** Refuses a key whose public half the app does not trust: its releases would never install. */
export function checkKeyIsTrusted(key: KeyObject, trusted: readonly string[]): void {
  const mine = publicKeyText(key);
  if (!trusted.includes(mine)) {
    throw new SigningError(`the update signing key's public key (${mine}) is not in src/main/electron/updates/update-trust.ts; desks would refuse every update signed with it`);
  }
}

/**
 * latest*.yml with its signature: checked against the artefacts in `releaseDir` (each file it
 * lists must be there, with the sha512 and size it states, so what is signed is what was built),
 * then signed. An older signature line is replaced.
 */
export function signManifestText(text: string, key: KeyObject, releaseDir: string): string {
  const withoutSignature = text
    .split('\n')
    .filter((line) => !line.startsWith(`${UPDATE_SIGNATURE_FIELD}:`))
    .join('\n');
  const parsed = UpdateManifest.safeParse(load(withoutSignature));
  if (!parsed.success) throw new SigningError(`the update manifest is not one electron-builder writes: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  for (const file of parsed.data.files) {
    const path = join(releaseDir, decodeURIComponent(file.url));
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new SigningError(`the manifest lists ${file.url}, which is not in ${releaseDir}`);
    }
    if (bytes.length !== file.size || createHash('sha512').update(bytes).digest('base64') !== file.sha512) {
      throw new SigningError(`${file.url} in ${releaseDir} is not the file the manifest describes (sha512 or size differ)`);
    }
  }
  const signature = sign(null, Buffer.from(signedPayload(parsed.data), 'utf8'), key).toString('base64');
  return `${withoutSignature.replace(/\n*$/, '\n')}${UPDATE_SIGNATURE_FIELD}: ${signature}\n`;
}

/** The publisher names electron-builder.yml gives Windows builds (win.signtoolOptions.publisherName, or the older win.publisherName). */
export function configuredPublisherNames(configYaml: string): string[] {
  const config: unknown = load(configYaml);
  const win = isObject(config) && isObject(config.win) ? config.win : {};
  const value = isObject(win.signtoolOptions) && win.signtoolOptions.publisherName !== undefined ? win.signtoolOptions.publisherName : win.publisherName;
  if (value === undefined || value === null) return [];
  const names = Array.isArray(value) ? value : [value];
  if (!names.every((name): name is string => typeof name === 'string' && name.trim() !== '')) throw new SigningError('electron-builder.yml: win publisherName must be a name or a list of names');
  return names;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The names the installers are signed with must be the names the app checks: one set without
 * the other would either refuse every update or check nothing.
 */
export function checkPublisherNames(configured: readonly string[], trusted: readonly string[]): void {
  const same = configured.length === trusted.length && configured.every((name) => trusted.includes(name));
  if (!same) {
    throw new SigningError(
      `electron-builder.yml signs Windows installers as [${configured.join(', ')}] but update-trust.ts checks for [${trusted.join(', ')}]: set both to the same publisher names (docs/packaging.md, "Code signing")`,
    );
  }
}
