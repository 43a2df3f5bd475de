import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findContacts } from '../../src/shared/chats/contacts';
import { chunkMessage, chunksToOffer, CHUNK_TARGET_CHARS } from '../../src/shared/composer/chunks';
import { bareLinks, draftWarnings, labelAllBareLinks, labelBareLink, suggestedLabel } from '../../src/shared/composer/draft-check';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('long replies as chunks', () => {
  const paragraphs = [
    'Our nursing guide lists the databases that matter most for your assignment. CINAHL is the main one, and it covers peer-reviewed nursing journals.',
    'To search it, start from the library website, choose Databases, then CINAHL Complete. Off campus you sign in with your student ID and password.',
    'Try the words "patient falls" AND "prevention", then tick Peer Reviewed on the left. Dr. Lee’s class usually wants articles from the last five years, so set the dates too.',
  ];
  const long = paragraphs.join('\n\n');

  it('splits at paragraphs first, then sentences, and loses no word', () => {
    const chunks = chunkMessage(long);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.flatMap(words)).toEqual(words(long));
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(CHUNK_TARGET_CHARS);
    // A paragraph that fits is a chunk of its own; the long one is cut after a sentence, not inside "Dr. Lee".
    expect(chunks[0]).toBe(paragraphs[0]);
    expect(chunks.some((c) => c.endsWith('Dr.'))).toBe(false);
  });

  it('offers chunks only for a long reply that really splits', () => {
    expect(chunksToOffer('Short answer.')).toBeNull();
    expect(chunksToOffer(long)).not.toBeNull();
    expect(chunksToOffer('x'.repeat(600))).toBeNull(); // one unbreakable word: nothing to offer
  });

  it('never cuts inside a labelled link', () => {
    const link = '[Interlibrary loan. Request form](https://library.ctstate.edu/ill?x=1.2)';
    const text = `${'Here is what to do. '.repeat(12)}Use the ${link} for it. ${'Then wait for the email. '.repeat(6)}`;
    expect(chunkMessage(text).some((c) => c.includes(link))).toBe(true);
  });

  it('property: chunks keep every word in order, each within the target unless one word is longer', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('Sentence one.', 'Two!', 'Three?', '\n\n', ' ', 'word'), fc.string({ maxLength: 40 })), { maxLength: 80 }), (parts) => {
        const text = parts.join(' ');
        const chunks = chunkMessage(text);
        expect(chunks.flatMap(words)).toEqual(words(text));
        for (const chunk of chunks) if (chunk.length > CHUNK_TARGET_CHARS) expect(words(chunk)).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('checks before a reply goes', () => {
  it('flags bare links, suggests a label and fixes them in one click', () => {
    const draft = 'See https://library.ctstate.edu/tunxis/interlibrary-loan.html and [the guide](https://guides.ctstate.edu/nursing), or mail help@ctstate.edu';
    const bare = bareLinks(draft);
    expect(bare.map((b) => b.url)).toEqual(['https://library.ctstate.edu/tunxis/interlibrary-loan.html', 'mailto:help@ctstate.edu']);
    expect(bare[0]?.label).toBe('Interlibrary loan (library.ctstate.edu)');
    expect(bare[1]?.label).toBe('help@ctstate.edu');
    const fixed = labelAllBareLinks(draft);
    expect(bareLinks(fixed)).toEqual([]);
    expect(fixed).toContain('[Interlibrary loan (library.ctstate.edu)](https://library.ctstate.edu/tunxis/interlibrary-loan.html)');
    expect(fixed).toContain('[help@ctstate.edu](mailto:help@ctstate.edu)');
    expect(labelBareLink(draft, bare[0]!, 'ILL form')).toContain('[ILL form](https://library.ctstate.edu/tunxis/interlibrary-loan.html)');
  });

  it.each([
    ['https://www.ctstate.edu/', 'ctstate.edu'],
    ['https://library.ctstate.edu/c.php?g=1', 'C (library.ctstate.edu)'],
    ['https://guides.lib.edu/123', 'guides.lib.edu'],
    ['https://x.edu/find_a%20book/', 'Find a book (x.edu)'],
    ['https://x.edu/%E0%A4%A', '%E0%A4%A (x.edu)'], // a malformed escape is kept as written,
  ])('labels %s as %s', (url, label) => expect(suggestedLabel(url)).toBe(label));

  it('points out holiday greetings and unfilled variables', () => {
    expect(draftWarnings('Thanks {patron}, Merry Christmas!').map((w) => w.kind)).toEqual(['holiday', 'unfilled']);
    expect(draftWarnings('Thanks, drive carefully!')).toEqual([]);
  });
});

describe('contact details in what a patron writes', () => {
  it('finds emails and phone numbers as written', () => {
    expect(findContacts(['my email is Maya.Lopez@Student.CTState.edu', 'call me at (860) 555-0199 or 860.555.0100', 'order 1234567890 and ISBN 978-3-16-148410-0'])).toEqual({
      emails: ['maya.lopez@student.ctstate.edu'],
      phones: ['(860) 555-0199', '860.555.0100'],
    });
  });
});
