/**
 * What a typed query means to the FAQ search: its words, and nothing else. Quotes, `*`,
 * parentheses, NEAR, AND, OR, NOT, column filters, emoji and punctuation are never query
 * syntax here; each word becomes a quoted FTS5 string, so no input can be an FTS5 error.
 */

/** Words beyond these are ignored: a pasted page searches by its first words. */
export const MAX_TERMS = 8;
/** Characters of the query looked at (a 10,000-character paste is read up to here). */
export const MAX_QUERY_CHARS = 2_000;
/** A longer "word" is cut: no FAQ word is this long, and its prefix still finds it. */
export const MAX_TERM_CHARS = 40;

/** The query's words: letters and digits, case-folded, each once, in order. */
export function queryTerms(query: string): string[] {
  const words = query.slice(0, MAX_QUERY_CHARS).normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  for (const word of words) {
    const term = [...word].slice(0, MAX_TERM_CHARS).join('');
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  // One-letter words say little and match nearly everything; they count only when alone.
  const meaningful = terms.filter((t) => [...t].length > 1 || /\p{N}/u.test(t));
  return meaningful.length > 0 ? meaningful : terms.slice(0, 1);
}

/**
 * The campus as one opaque index token: searching within a campus is then part of the FTS5 query,
 * not a filter after it. It begins with a private-use character, which the tokenizer keeps in a
 * token but a typed word never holds (queryTerms keeps letters and digits), so no typed word or
 * prefix can match a campus, and the words of a query need no column filter to stay off it.
 * Hex, ending in a digit, so the porter stemmer leaves it alone.
 */
export const campusKey = (campus: string): string => `${ANY_CAMPUS}${Buffer.from(campus, 'utf8').toString('hex')}0`;
/** What every campus key begins with: as a prefix, it matches every FAQ. */
export const ANY_CAMPUS = '\ue000';
export const isCampusKey = (term: string): boolean => term.startsWith(ANY_CAMPUS);

/** Case and accents folded as the index's tokenizer folds them (remove_diacritics 2); ASCII, most words, needs only the case. */
export const foldWord = (word: string): string => (/[^\u0000-\u007f]/.test(word) ? word.normalize('NFKD').replace(/\p{M}/gu, '') : word).toLowerCase();

/** An FTS5 string: double quotes doubled (our terms have none, but this never trusts that). */
export const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/**
 * One term and what it may also match: its prefix, and close spellings from the index. A lone
 * letter or digit matches as a word: as a prefix it would be most of the index, unindexed.
 */
export function termExpression(term: string, alternatives: readonly string[] = []): string {
  const own = [...term].length > 1 ? `${ftsString(term)}*` : ftsString(term);
  if (alternatives.length === 0) return own;
  return `(${[own, ...alternatives.map(ftsString)].join(' OR ')})`;
}

/** The indexed text columns. */
export type FaqColumn = 'question' | 'topics' | 'answer';

/**
 * Every term must match (each through its alternatives), within `columns` if given, and the FAQ
 * be of the campus when one is given (its key counted only in its own column: FAQ text cannot
 * claim a campus).
 */
export function matchExpression(terms: readonly string[], scope: string | null, columns?: readonly FaqColumn[]): string {
  const words = columns ? `{${columns.join(' ')}} : (${terms.join(' AND ')})` : terms.join(' AND ');
  return scope ? `campus_key : ${ftsString(scope)} AND ${words}` : words;
}
