import { join } from 'node:path';
import { librarianDir } from '../librarians/librarian-dir';

/** Where a librarian's FAQ cache lives: in their own folder, which the next librarian at the desk never opens. */
export function faqCachePath(dataDir: string, operatorId: string): string {
  return join(librarianDir(dataDir, operatorId), 'faq-cache.db');
}
