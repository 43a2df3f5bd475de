/**
 * `npm run update-key -- --out PATH`: make IT's update signing key pair. The private key is
 * written to PATH (never over an existing file, mode 0600, outside the repository), the public
 * key is added to src/main/electron/updates/update-trust.ts, which is built into the app.
 * docs/deploy.md, "Signed updates", says how to keep the private key and how to rotate it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { newKeyPair } from './lib/update-signing';

const repo = resolve(import.meta.dirname, '..');
const TRUST_FILE = join(repo, 'src/main/electron/updates/update-trust.ts');
const MARKER = '  // update-key: public keys below (base64 SPKI DER, Ed25519)\n';

const at = process.argv.indexOf('--out');
const out = at >= 0 ? process.argv[at + 1] : undefined;
if (!out) {
  console.error('usage: npm run update-key -- --out PATH   (PATH: where the private key goes, outside this repository)');
  process.exit(2);
}
const path = resolve(out);
if (!relative(repo, path).startsWith('..')) {
  console.error(`update-key: ${path} is inside the repository; keep the private key outside it (docs/deploy.md)`);
  process.exit(2);
}
if (existsSync(path)) {
  console.error(`update-key: ${path} exists; a key is never overwritten (it may be the only copy). Name another file.`);
  process.exit(2);
}
const trust = readFileSync(TRUST_FILE, 'utf8');
if (!trust.includes(MARKER)) {
  console.error(`update-key: ${TRUST_FILE} has lost its marker line; add the public key by hand`);
  process.exit(1);
}
const { privatePem, publicText } = newKeyPair();
mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
// 'wx': an existing key is never overwritten (it may be the only copy).
writeFileSync(path, privatePem, { mode: 0o600, flag: 'wx' });
writeFileSync(TRUST_FILE, trust.replace(MARKER, `${MARKER}  '${publicText}',\n`));
console.log(`private key: ${path} (mode 0600; keep it offline or as a CI secret, never in the repository)`);
console.log(`public key:  ${publicText}`);
console.log(`added to ${relative(repo, TRUST_FILE)}: commit it; builds from now on trust this key`);
