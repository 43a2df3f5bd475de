/**
 * What this build trusts an update to come from. Built into the app (inside its integrity-checked
 * asar), so nobody who controls the update server or a desk's files can change it.
 *
 * `npm run update-key` adds a public key to UPDATE_PUBLIC_KEYS (docs/deploy.md, "Signed updates");
 * `npm run dist` signs each release's latest*.yml with the matching private key. With no key here,
 * the app installs no update at all. More than one key is for rotation: a release that trusts
 * both the old and the new key, then releases signed with the new one.
 */
export const UPDATE_PUBLIC_KEYS: readonly string[] = [
  // update-key: public keys below (base64 SPKI DER, Ed25519)
];

/**
 * Windows: the publisher names an installer's Authenticode signature must carry, as
 * electron-builder.yml's win.signtoolOptions.publisherName says. Empty while builds are unsigned;
 * once set, an update not signed by one of them is refused as well.
 */
export const WINDOWS_PUBLISHER_NAMES: readonly string[] = [];
