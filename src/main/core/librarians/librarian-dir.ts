/**
 * Where one librarian's locally cached data lives on a shared desk PC:
 * `<dataDir>/librarians/<operatorId>/`. Each capability that caches anything of a librarian
 * (FAQs, transcripts) keeps it here and opens only the folder of whoever is signed in, so the
 * next librarian at the desk never sees it. Signing out keeps the folder for their return.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const LIBRARIANS_FOLDER = 'librarians';

/** Operator ids the backend makes (`op_` and base64url) are used as they are; anything else is hashed, so no id can name a path. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function librarianFolderName(operatorId: string): string {
  if (SAFE_ID.test(operatorId)) return operatorId;
  return `id-${createHash('sha256').update(operatorId, 'utf8').digest('hex').slice(0, 40)}`;
}

/** The librarian's folder (not created). */
export function librarianDir(dataDir: string, operatorId: string): string {
  if (operatorId === '') throw new Error('a librarian folder needs an operator id');
  return join(dataDir, LIBRARIANS_FOLDER, librarianFolderName(operatorId));
}

/** The librarian's folder, created if need be, readable by this OS user only. */
export function ensureLibrarianDir(dataDir: string, operatorId: string): string {
  const dir = librarianDir(dataDir, operatorId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
