import type { AccountRole } from '../../shared/accounts/schemas';
import { formatWhen } from '../clock';

export const ROLE_WORDS: Record<AccountRole, string> = {
  librarian: 'Librarian',
  admin: 'Administrator of the campus',
  head: 'Head of reference (every campus)',
};

export const SHORT_ROLE: Record<AccountRole, string> = { librarian: 'librarian', admin: 'administrator', head: 'head of reference' };

export const when = (at: number | null): string => (at === null ? 'never' : formatWhen(at));
