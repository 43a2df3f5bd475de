import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * Where a librarian's FAQ cache lives: <dataDir>/librarians/<operatorId>/faq-cache.db. One
 * small function on purpose, so the per-librarian data folder (and its sign-out clearing) can
 * be swapped in from one place. An operator id that is not a plain file name is hashed, so no
 * id can point outside the folder.
 */
export function faqCachePath(dataDir: string, operatorId: string): string {
  const folder = /^[A-Za-z0-9_-]{1,64}$/.test(operatorId) ? operatorId : `id-${createHash('sha256').update(operatorId).digest('hex').slice(0, 32)}`;
  return join(dataDir, 'librarians', folder, 'faq-cache.db');
}
