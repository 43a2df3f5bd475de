/**
 * A rough English stem shaped like the index's own (porter) terms: "libraries" and "librarys"
 * become "librar", "library" becomes "librari". Used to compare a typed word with index words
 * (fuzzy.ts) and to mark the words a result matched (highlight.ts), so both agree.
 */
export const roughStem = (word: string): string => word.replace(/(ies|es|s|ing|ed|ly)$/, '').replace(/y$/, 'i');
