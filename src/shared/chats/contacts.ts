/**
 * Contact details a patron writes in the chat ("my email is jo@student.edu"), found so the
 * librarian can keep them with one click instead of copying them by hand.
 */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}/g;
/** North American numbers as people type them: 860-555-0100, (860) 555 0100, 860.555.0100, +1 860 555 0100. */
const PHONE = /(?<![\d-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\d-])/g;

export interface FoundContacts {
  emails: string[];
  phones: string[];
}

/** The first email address in something the patron wrote, as written (they often type it into the chat). */
export function emailIn(text: string): string | null {
  return new RegExp(EMAIL.source).exec(text.slice(0, 8000))?.[0] ?? null;
}

export function findContacts(texts: readonly string[]): FoundContacts {
  const emails: string[] = [];
  const phones: string[] = [];
  for (const text of texts) {
    for (const m of text.slice(0, 8000).matchAll(EMAIL)) if (!emails.includes(m[0].toLowerCase())) emails.push(m[0].toLowerCase());
    for (const m of text.slice(0, 8000).matchAll(PHONE)) if (!phones.includes(m[0].trim())) phones.push(m[0].trim());
  }
  return { emails, phones };
}
