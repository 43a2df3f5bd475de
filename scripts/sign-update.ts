/**
 * `npm run dist`'s last step: sign release/latest*.yml with IT's update key (from
 * DESKBELL_UPDATE_SIGNING_KEY or DESKBELL_UPDATE_SIGNING_KEY_FILE). With `--check`, its first
 * step: refuse to build at all without a key the app trusts, or with Windows publisher names in
 * electron-builder.yml other than those the app checks. docs/deploy.md, "Signed updates".
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UPDATE_PUBLIC_KEYS, WINDOWS_PUBLISHER_NAMES } from '../src/main/electron/updates/update-trust';
import { checkKeyIsTrusted, checkPublisherNames, configuredPublisherNames, signingKeyFromEnv, SigningError, signManifestText } from './lib/update-signing';

const root = join(import.meta.dirname, '..');
const releaseDir = join(root, 'release');

try {
  const key = signingKeyFromEnv(process.env);
  checkKeyIsTrusted(key, UPDATE_PUBLIC_KEYS);
  checkPublisherNames(configuredPublisherNames(readFileSync(join(root, 'electron-builder.yml'), 'utf8')), WINDOWS_PUBLISHER_NAMES);
  if (process.argv.includes('--check')) {
    console.log('update signing key: found, and trusted by this build');
  } else {
    const manifests = readdirSync(releaseDir).filter((name) => /^latest(-[a-z0-9-]+)?\.yml$/.test(name));
    if (manifests.length === 0) throw new SigningError(`no latest*.yml in ${releaseDir}: run electron-builder first`);
    for (const name of manifests) {
      const path = join(releaseDir, name);
      writeFileSync(path, signManifestText(readFileSync(path, 'utf8'), key, releaseDir));
      console.log(`signed ${name}`);
    }
  }
} catch (error) {
  if (!(error instanceof SigningError)) throw error;
  console.error(`sign-update: ${error.message}`);
  process.exit(1);
}
