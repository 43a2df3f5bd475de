import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelledLink, messageSegments, safeLinkUrl } from '../../src/shared/chats/labelled-links';
import { findLinks, showsItsOwnUrl } from '../../src/shared/chats/link-finder';
import { mixedScriptHost } from '../../src/shared/external-links/safe-url';

const links = (text: string) => messageSegments(text).filter((s) => s.kind === 'link');
const plain = (text: string) =>
  messageSegments(text)
    .map((s) => (s.kind === 'text' ? s.text : s.label))
    .join('');

describe('finding links in free text (linkify-it)', () => {
  it('finds web and email links, bare or labelled, with their labels', () => {
    expect(links('see https://library.ctstate.edu/tunxis, thanks')).toEqual([{ kind: 'link', label: 'https://library.ctstate.edu/tunxis', url: 'https://library.ctstate.edu/tunxis', bare: true }]);
    expect(links('mail me at jo@student.edu')).toEqual([{ kind: 'link', label: 'jo@student.edu', url: 'mailto:jo@student.edu', bare: true }]);
    expect(links('try www.ctstate.edu today')[0]).toMatchObject({ url: 'http://www.ctstate.edu', bare: true });
    expect(links('the [Tunxis library](https://library.ctstate.edu/tunxis) page')).toEqual([{ kind: 'link', label: 'Tunxis library', url: 'https://library.ctstate.edu/tunxis', bare: false }]);
    // Not links: file names, version numbers, a dotted abbreviation.
    expect(links('open notes.md, v1.2.3, e.g. this, i.e. that')).toEqual([]);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(document.cookie)'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['vbscript:msgbox(1)'],
    ['ftp://files.example.com/x'],
    ['//evil.example/path'],
    ['file:///etc/passwd'],
    ['[click me](javascript:alert(1))'],
    ['[click](data:text/html,<script>alert(1)</script>)'],
    ['[x](https://library.edu@evil.example/)'],
    ['https://library.edu@evil.example/'],
    ['<a href="javascript:alert(1)">x</a>'],
  ])('never links %s to anything but http(s) or mailto', (text) => {
    for (const link of links(text)) {
      expect(link.url).toMatch(/^(https?:\/\/|mailto:)/i);
      expect(link.url).not.toMatch(/javascript:|data:|vbscript:|file:|@evil/i);
    }
    expect(plain(text)).toContain(text.replace(/\[([^\]]*)\]\(https?:[^)]*\)/g, '$1').slice(0, 5));
  });

  it('refuses look-alike hosts that mix scripts, and keeps their text', () => {
    const cyrillicO = 'gооgle.com'; // two Cyrillic o's
    expect(mixedScriptHost(cyrillicO)).toBe(true);
    expect(mixedScriptHost('пример.рф')).toBe(false);
    expect(mixedScriptHost('münchen.de')).toBe(false);
    expect(links(`https://${cyrillicO}/login`)).toEqual([]);
    expect(links(`[Your bank](https://${cyrillicO}/login)`)).toEqual([]);
    expect(plain(`https://${cyrillicO}/login`)).toBe(`https://${cyrillicO}/login`);
    expect(safeLinkUrl(`https://${cyrillicO}/`)).toBeNull();
    expect(safeLinkUrl('https://пример.рф/')).toBe('https://пример.рф/');
    expect(safeLinkUrl('mailto:jo@x.edu?subject=Привет')).toBe('mailto:jo@x.edu?subject=Привет');
    expect(safeLinkUrl(`mailto:jo@${cyrillicO}`)).toBeNull();
  });

  it('handles long runs without links or with many, quickly and without losing text', () => {
    const run = 'a'.repeat(50_000);
    const started = performance.now();
    expect(findLinks(run)).toEqual([]);
    const many = Array.from({ length: 500 }, (_, i) => `https://ex${i}.com/p`).join(' ');
    expect(findLinks(many)).toHaveLength(500);
    const dots = '.'.repeat(20_000) + 'com';
    expect(plain(dots)).toBe(dots);
    const huge = `https://example.com/${'x'.repeat(5_000)}`;
    expect(links(huge)).toEqual([]); // over the 2,000-character link limit: stays text
    expect(plain(huge)).toBe(huge);
    // Not a timing test: a guard against catastrophic backtracking, which would take minutes.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('property: any text keeps every character, and every link is http(s) or mailto', () => {
    const pieces = fc.constantFrom('https://a.edu/x', 'javascript:x()', 'data:,x', '[lbl](https://b.org/y)', '[bad](javascript:y)', 'jo@x.edu', 'www.c.com', ' ', '\n', 'ü', 'о', '[', ']', '(', ')', 'text');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        for (const segment of messageSegments(text)) {
          if (segment.kind === 'link') expect(segment.url).toMatch(/^(https?:\/\/|mailto:)/i);
        }
        // Only a valid labelled link's "[...](url)" syntax is dropped (its label stays); everything else is kept as written.
        const withoutLabelled = text.replace(/\[([^[\]\n\r]{1,200})\]\(([^()\s]{1,2000})\)/g, (whole, label: string, url: string) => (safeLinkUrl(url) && label.trim() ? label.trim() : whole));
        expect(plain(text)).toBe(withoutLabelled);
      }),
      { numRuns: 300 },
    );
  });

  it('a bare link is a link only where its text is its URL', () => {
    expect(showsItsOwnUrl({ raw: 'https://a.edu/x', url: 'https://a.edu/x' })).toBe(true);
    expect(showsItsOwnUrl({ raw: 'www.a.edu', url: 'http://www.a.edu' })).toBe(true);
    expect(showsItsOwnUrl({ raw: 'jo@a.edu', url: 'mailto:jo@a.edu' })).toBe(true);
    expect(showsItsOwnUrl({ raw: 'Tunxis sign-in', url: 'https://evil.example/' })).toBe(false);
    for (const link of links('see https://a.edu/x, www.b.org and jo@c.edu')) expect(link.bare && showsItsOwnUrl({ raw: link.label, url: link.url })).toBe(true);
  });

  it('a labelled link is made harmless in both its parts', () => {
    expect(labelledLink('Guide [new]', 'https://x.edu/a b(c)')).toBe('[Guide new](https://x.edu/a%20b%28c%29)');
  });
});
