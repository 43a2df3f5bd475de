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

/** An FTS5 string: double quotes doubled (our terms have none, but this never trusts that). */
export const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/** One term and what it may also match: its prefix, and close spellings from the index. */
export function termExpression(term: string, alternatives: readonly string[] = []): string {
  const own = `${ftsString(term)}*`;
  if (alternatives.length === 0) return own;
  return `(${[own, ...alternatives.map(ftsString)].join(' OR ')})`;
}

/** Every term must match (each through its alternatives), within the campus when one is given. */
export function matchExpression(terms: readonly string[], scope: string | null): string {
  const parts = scope ? [`campus_key : ${ftsString(scope)}`, ...terms] : [...terms];
  return parts.join(' AND ');
}
