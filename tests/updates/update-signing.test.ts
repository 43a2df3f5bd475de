/**
 * The release side of signed updates (scripts/lib/update-signing.ts, run by `npm run dist` and
 * `npm run update-key`): what it signs is what was built, and the key it signs with is kept
 * private and trusted by the app.
 */
import { createPublicKey, verify } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKeyIsTrusted, checkPublisherNames, configuredPublisherNames, newKeyPair, privateKeyFrom, signingKeyFromEnv, signManifestText } from '../../scripts/lib/update-signing';
import { WINDOWS_PUBLISHER_NAMES } from '../../src/main/electron/updates/update-trust';
import { signedPayload, UpdateManifest } from '../../src/shared/updates/signed-manifest';
import { manifestFor } from '../support/update-server';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-signing-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const NAME = 'Deskbell-Setup-0.2.0.exe';
const bytes = Buffer.from('an installer, as electron-builder made it');

describe('signing a release', () => {
  it('signs the manifest so the public key verifies its payload, and replaces an older signature', () => {
    const release = temp();
    writeFileSync(join(release, NAME), bytes);
    const { privatePem, publicText } = newKeyPair();
    const key = privateKeyFrom(privatePem);
    const once = signManifestText(manifestFor('0.2.0', NAME, bytes), key, release);
    const twice = signManifestText(once, key, release);
    expect(twice.match(/^deskbellSignature:/gm)).toHaveLength(1);
    const manifest = UpdateManifest.parse(load(twice));
    const publicKey = createPublicKey({ key: Buffer.from(publicText, 'base64'), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(signedPayload(manifest)), publicKey, Buffer.from(manifest.deskbellSignature ?? '', 'base64'))).toBe(true);
  });

  it('refuses to sign a manifest whose file is missing or not the one it describes', () => {
    const release = temp();
    const key = privateKeyFrom(newKeyPair().privatePem);
    expect(() => signManifestText(manifestFor('0.2.0', NAME, bytes), key, release)).toThrow(/not in/);
    writeFileSync(join(release, NAME), Buffer.from('another file'));
    expect(() => signManifestText(manifestFor('0.2.0', NAME, bytes), key, release)).toThrow(/not the file the manifest describes/);
  });

  it('takes the key from the environment, refusing none, a key file others can read, and a key that is not Ed25519', () => {
    const dir = temp();
    const { privatePem } = newKeyPair();
    expect(() => signingKeyFromEnv({})).toThrow(/no update signing key/);
    expect(signingKeyFromEnv({ DESKBELL_UPDATE_SIGNING_KEY: privatePem }).asymmetricKeyType).toBe('ed25519');
    const file = join(dir, 'update-signing-key.pem');
    writeFileSync(file, privatePem, { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => signingKeyFromEnv({ DESKBELL_UPDATE_SIGNING_KEY_FILE: file }, 'linux')).toThrow(/can be read by others/);
    chmodSync(file, 0o600);
    expect(signingKeyFromEnv({ DESKBELL_UPDATE_SIGNING_KEY_FILE: file }, 'linux').asymmetricKeyType).toBe('ed25519');
    expect(() => privateKeyFrom('-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----')).toThrow(/not a private key/);
  });

  it('refuses a key whose public half the app does not trust', () => {
    const mine = newKeyPair();
    const other = newKeyPair();
    expect(() => checkKeyIsTrusted(privateKeyFrom(mine.privatePem), [other.publicText])).toThrow(/not in src\/main\/electron\/updates\/update-trust.ts/);
    expect(() => checkKeyIsTrusted(privateKeyFrom(mine.privatePem), [other.publicText, mine.publicText])).not.toThrow();
  });

  it('refuses Windows publisher names that differ between electron-builder.yml and the app', () => {
    // The project's own: unsigned, and nothing checked.
    const ours = configuredPublisherNames(readFileSync(join(import.meta.dirname, '../../electron-builder.yml'), 'utf8'));
    expect(() => checkPublisherNames(ours, WINDOWS_PUBLISHER_NAMES)).not.toThrow();
    const signed = configuredPublisherNames('win:\n  signtoolOptions:\n    publisherName: Deskbell College\n');
    expect(signed).toEqual(['Deskbell College']);
    expect(configuredPublisherNames('win:\n  publisherName: [A, B]\n')).toEqual(['A', 'B']);
    expect(() => checkPublisherNames(signed, [])).toThrow(/update-trust.ts checks for \[\]/);
    expect(() => checkPublisherNames([], ['Deskbell College'])).toThrow(/same publisher names/);
    expect(() => checkPublisherNames(signed, ['Deskbell College'])).not.toThrow();
  });
});
