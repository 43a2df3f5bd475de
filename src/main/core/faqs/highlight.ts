import type { TextRun } from '../../../shared/faqs/schemas';
import { foldWord as fold } from './query';
import { roughStem } from './stem';

/**
 * Marks the words of a text that the search matched, as runs: done here in one pass over the
 * few results shown, instead of asking FTS5 for highlight() and snippet() per result (each of
 * those evaluates the whole query again, which for a common word's prefix is most of the index).
 * A word matches when it begins with a query word, or with that word's rough stem ("renewing"
 * marks "renew"), or with a close spelling the search used.
 */
const WORD = /[\p{L}\p{N}]+/gu;

/** An index stem ending in "i" stands for words ending in "y" too ("librari": library, libraries). */
const yForm = (stem: string): string[] => (stem.length > 2 && stem.endsWith('i') ? [`${stem.slice(0, -1)}y`] : []);

export function matcher(terms: readonly string[]): (word: string) => boolean {
  const prefixes = [...new Set(terms.flatMap((t) => [fold(t), fold(roughStem(t)), ...yForm(fold(t))]).filter((p) => p.length >= 2 || terms.length === 1))];
  const known = new Map<string, boolean>();
  return (word) => {
    let hit = known.get(word);
    if (hit === undefined) {
      const folded = fold(word);
      hit = prefixes.some((p) => folded.startsWith(p));
      known.set(word, hit);
    }
    return hit;
  };
}

/** The whole text as runs, matched words marked. */
export function highlight(text: string, isHit: (word: string) => boolean): TextRun[] {
  const runs: TextRun[] = [];
  let last = 0;
  const push = (t: string, hit: boolean) => {
    if (t === '') return;
    const prev = runs[runs.length - 1];
    if (prev && prev.hit === hit) prev.text += t;
    else runs.push({ text: t, hit });
  };
  for (const m of text.matchAll(WORD)) {
    if (!isHit(m[0])) continue;
    push(text.slice(last, m.index), false);
    push(m[0], true);
    last = m.index + m[0].length;
  }
  push(text.slice(last), false);
  return runs;
}

/** About `words` words of the text around its first match (the start when nothing matched), marked. */
export function snippet(text: string, isHit: (word: string) => boolean, words = 24): TextRun[] {
  const all = [...text.matchAll(WORD)];
  if (all.length === 0) return [];
  const first = Math.max(0, all.findIndex((m) => isHit(m[0])));
  const from = Math.max(0, Math.min(first - Math.floor(words / 4), all.length - words));
  const to = Math.min(all.length, from + words);
  const start = from === 0 ? 0 : (all[from]?.index ?? 0);
  const endMatch = all[to - 1];
  const end = to === all.length ? text.length : (endMatch?.index ?? 0) + (endMatch?.[0].length ?? 0);
  const runs = highlight(text.slice(start, end).replace(/\s+/g, ' '), isHit);
  if (from > 0) runs.unshift({ text: '…', hit: false });
  if (to < all.length) runs.push({ text: '…', hit: false });
  return runs;
}
