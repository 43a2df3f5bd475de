/**
 * What an update's Ed25519 signature covers, written once for the two sides that need it: the
 * release script that signs latest*.yml after electron-builder (scripts/sign-update.ts) and the
 * desk app that refuses an update whose signature does not verify (src/main/electron/updates).
 *
 * The signature is over a canonical payload built from the manifest's version and every file it
 * offers (url, sha512, size), never over the YAML text, so the two sides agree whatever YAML
 * formatting the server or a copy step applies. It travels in the manifest itself, as one more
 * field electron-updater passes through untouched.
 */
import { z } from 'zod';

/** The manifest field holding the base64 signature. */
export const UPDATE_SIGNATURE_FIELD = 'deskbellSignature';

/** Bumped if the payload ever changes shape: an old signature can then never be read as a new one. */
const PAYLOAD_FORMAT = 'deskbell-update/1';

const Sha512 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'is not a base64 sha512');

export const SignedFile = z.object({
  url: z.string().min(1).max(500),
  sha512: Sha512,
  size: z.number().int().positive(),
});
export type SignedFile = z.infer<typeof SignedFile>;

/** The parts of latest*.yml the signature covers (other fields, such as releaseDate, are not trusted for anything). */
export const UpdateManifest = z.object({
  version: z.string().min(1).max(64),
  files: z.array(SignedFile).min(1).max(20),
  [UPDATE_SIGNATURE_FIELD]: z
    .string()
    .regex(/^[A-Za-z0-9+/]{86}==$/, 'is not a base64 Ed25519 signature')
    .optional(),
});
export type UpdateManifest = z.infer<typeof UpdateManifest>;

/** The exact text that is signed and verified: one JSON line with a fixed key order. */
export function signedPayload(manifest: Pick<UpdateManifest, 'version' | 'files'>): string {
  return JSON.stringify({
    format: PAYLOAD_FORMAT,
    version: manifest.version,
    files: manifest.files.map((file) => ({ url: file.url, sha512: file.sha512, size: file.size })),
  });
}
