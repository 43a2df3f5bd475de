/**
 * `npm run dist`'s last step: sign release/latest*.yml with IT's update key (from
 * DESKBELL_UPDATE_SIGNING_KEY or DESKBELL_UPDATE_SIGNING_KEY_FILE). With `--check`, its first
 * step: refuse to build at all without a key the app trusts. docs/deploy.md, "Signed updates".
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UPDATE_PUBLIC_KEYS } from '../src/main/electron/updates/update-trust';
import { checkKeyIsTrusted, signingKeyFromEnv, SigningError, signManifestText } from './lib/update-signing';

const releaseDir = join(import.meta.dirname, '..', 'release');

try {
  const key = signingKeyFromEnv(process.env);
  checkKeyIsTrusted(key, UPDATE_PUBLIC_KEYS);
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
