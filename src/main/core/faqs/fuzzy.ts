/**
 * Tolerance of a word that matches nothing as typed: a word typed past its stem ("printi" on the
 * way to "printing", whose stem is "print"), and small typos, found among the words the FAQ
 * index holds (its stems, as the porter tokenizer wrote them).
 */
import { roughStem } from './stem';

/** Word endings the porter stemmer takes off. A typed word may stop anywhere inside one. */
const ENDINGS = [
  'ing', 'ings', 'ion', 'ions', 'ation', 'ations', 'ization', 'izations', 'ment', 'ments', 'ness', 'able', 'ably', 'ible', 'ibly',
  'ance', 'ence', 'ancy', 'ency', 'ant', 'ants', 'ent', 'ents', 'ive', 'ives', 'ively', 'ity', 'ities', 'ize', 'ized', 'izes',
  'izing', 'ise', 'ised', 'ises', 'ising', 'ful', 'fully', 'ous', 'ously', 'al', 'ally', 'er', 'ers', 'ed', 'es', 'ies', 'ied',
  'ly', 'est', 'ism', 'isms', 'ist', 'ists', 'ic', 'ical', 'ate', 'ated', 'ates', 'ating',
];

/**
 * Shorter prefixes of a word that matched nothing, longest first, where what is cut off begins a
 * word ending: "informati" gives "informat" and "inform" ("ti" begins no ending); the index holds "inform".
 * At least half the word, and 4 characters, stay.
 */
export function stemPrefixes(term: string): string[] {
  const prefixes: string[] = [];
  for (let k = term.length - 1; k >= Math.max(4, Math.ceil(term.length / 2)); k--) {
    const tail = term.slice(k);
    if (ENDINGS.some((ending) => ending.startsWith(tail))) prefixes.push(term.slice(0, k));
  }
  return prefixes;
}

/** Edits allowed for a word of this length: none for short words, where anything is "close". */
export const editsAllowed = (length: number): number => (length < 4 ? 0 : length < 7 ? 1 : 2);

/** Levenshtein distance with adjacent transpositions, giving up (Infinity) past `max`. */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return Infinity;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = new Array<number>(cols).fill(0);
    cur[0] = i;
    let best = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return Infinity;
    prevPrev = prev;
    prev = cur;
  }
  const result = prev[cols - 1] ?? Infinity;
  return result <= max ? result : Infinity;
}


export interface VocabularyTerm {
  term: string;
  /** How many FAQs hold it: the more, the likelier the intended word. */
  docs: number;
}

/** The closest index words to `word`, at most `limit`, nearest and commonest first. */
export function closeTerms(word: string, vocabulary: readonly VocabularyTerm[], limit = 4): string[] {
  const max = editsAllowed(word.length);
  if (max === 0) return [];
  const stem = roughStem(word);
  const found: { term: string; distance: number; docs: number }[] = [];
  for (const { term, docs } of vocabulary) {
    if (Math.abs(term.length - word.length) > max + 3) continue;
    const distance = Math.min(boundedDistance(word, term, max), boundedDistance(stem, term, max));
    if (distance <= max) found.push({ term, distance, docs });
  }
  found.sort((a, b) => a.distance - b.distance || b.docs - a.docs);
  return found.slice(0, limit).map((f) => f.term);
}
