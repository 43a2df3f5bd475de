import type { VocabularyTerm } from './fuzzy';

/**
 * The index's words for typo tolerance, loaded by initial letter when a typo first needs them and
 * forgotten when the cache changes. Reading every word's count (fts5vocab) walks the whole index
 * (about 150 ms at 50,000 FAQs); one letter's words are a small part of it.
 */
export class Vocabulary {
  private readonly byInitial = new Map<string, VocabularyTerm[]>();

  constructor(
    /** The index's words from `from` (inclusive) to `to` (exclusive). */
    private readonly load: (from: string, to: string) => VocabularyTerm[],
  ) {}

  /**
   * Index words a small typo away from `word` could be: those starting with its first letter,
   * or its second (the first two swapped). A typo in the very first letter is not looked for.
   */
  near(word: string): VocabularyTerm[] {
    const initials = new Set([...word].slice(0, 2));
    return [...initials].flatMap((initial) => this.starting(initial));
  }

  clear(): void {
    this.byInitial.clear();
  }

  private starting(initial: string): VocabularyTerm[] {
    let terms = this.byInitial.get(initial);
    if (!terms) {
      terms = this.load(initial, after(initial));
      this.byInitial.set(initial, terms);
    }
    return terms;
  }
}

/** The character after `c` in code point order (which is UTF-8 byte order, the index's), skipping surrogates. */
function after(c: string): string {
  const next = Math.min((c.codePointAt(0) ?? 0) + 1, 0x10ffff);
  return String.fromCodePoint(next >= 0xd800 && next <= 0xdfff ? 0xe000 : next);
}
