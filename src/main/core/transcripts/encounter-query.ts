/**
 * Encounter IDs as a librarian types them (ENC-20261128-7K3QZP, read off a report or a mail):
 * whole, the start, the end, any part, in any case, with or without the dashes, in the
 * encounter box or among the words.
 */

/** The letters and digits of an encounter ID, upper case: what the index compares. */
export const encounterKey = (text: string): string =>
  text
    .slice(0, 200)
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

/** What the words index holds of an ID: its day and its code ("20261128 7K3QZP"), never the "ENC" every ID shares. */
export const encounterWords = (encounterId: string): string =>
  encounterId
    .replace(/^ENC-?/i, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .join(' ');

/** An ID, or its start, typed among the words: "ENC-20261128-7K3QZP", "enc 2026", "ENC20261128". */
const ID_IN_WORDS = /(?<![\p{L}\p{N}])ENC[-\s]?\d[\dA-Z]*(?:-[\dA-Z]*)?(?![\p{L}\p{N}])/iu;

/**
 * The words box, with an encounter ID taken out of it if one was typed there: the ID narrows
 * the search like the encounter box, and the other words are searched as words.
 */
export function splitEncounter(words: string): { encounter: string; words: string } {
  const match = ID_IN_WORDS.exec(words.slice(0, 2_000));
  if (!match) return { encounter: '', words };
  return { encounter: match[0], words: `${words.slice(0, match.index)} ${words.slice(match.index + match[0].length)}`.trim() };
}
