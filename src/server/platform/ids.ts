import { randomInt } from 'node:crypto';
import { newId } from './secrets';

// No 0/O, 1/I/L: encounter ids are read aloud and copied into incident reports by hand.
const ENCOUNTER_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `ENC-20261128-7K3QZP`: the UTC day, then six random characters. */
export function newEncounterId(at: number): string {
  const day = new Date(at).toISOString().slice(0, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ENCOUNTER_ALPHABET[randomInt(ENCOUNTER_ALPHABET.length)];
  return `ENC-${day}-${suffix}`;
}

export const newChatId = (): string => newId(12);
export const newMessageId = (): string => `m_${newId(12)}`;
