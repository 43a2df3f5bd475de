import { randomInt } from 'node:crypto';

/** Letters and digits a person reads aloud or copies without confusing them (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 14;

/**
 * A temporary password for a new account or a reset: about 69 bits, shown once to the
 * administrator, and good for one sign-in, where the librarian must choose their own.
 */
export function temporaryPassword(): string {
  let out = '';
  for (let i = 0; i < LENGTH; i++) out += ALPHABET.charAt(randomInt(ALPHABET.length));
  return out;
}
