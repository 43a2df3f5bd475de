import { describe, expect, it } from 'vitest';
import { labelledLink, lineSegments, messageSegments } from '../../src/shared/chats/labelled-links';
import { isSafeExternalUrl, safeLinkUrl } from '../../src/shared/external-links/safe-url';

describe('labelled links in transcript lines', () => {
  const text = 'See [Tunxis library sign-in](https://tunxis.example/login) today';

  it('a librarian’s or the system’s labelled link is a link whose text is the label', () => {
    for (const from of ['operator', 'system'] as const) {
      expect(lineSegments(from, text)).toEqual([
        { kind: 'text', text: 'See ' },
        { kind: 'link', label: 'Tunxis library sign-in', url: 'https://tunxis.example/login', bare: false },
        { kind: 'text', text: ' today' },
      ]);
    }
  });

  it('a patron’s labelled link is shown exactly as typed, never as a link; a bare URL only as itself', () => {
    expect(lineSegments('patron', text)).toEqual([{ kind: 'text', text }]);
    expect(lineSegments('patron', '')).toEqual([]);
    // Nothing inside a patron's [label](url) is a link, even where the label is itself a URL.
    expect(lineSegments('patron', '[https://tunxis.example/login](https://evil.example/)')).toEqual([{ kind: 'text', text: '[https://tunxis.example/login](https://evil.example/)' }]);
    // A bare URL a patron pasted is a link whose text is the URL itself: it cannot say one place and go to another.
    expect(lineSegments('patron', 'see https://tunxis.example/login')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', label: 'https://tunxis.example/login', url: 'https://tunxis.example/login', bare: true },
    ]);
  });

  it('only http(s) and mailto without credentials become links; the rest stays text', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', 'file:///etc/passwd', 'https://library.edu@evil.example/', 'ms-msdt:/id', 'data:text/html,x']) {
      expect(safeLinkUrl(url), url).toBeNull();
      expect(isSafeExternalUrl(url), url).toBe(false);
      expect(messageSegments(`[x](${url})`).every((s) => s.kind === 'text'), url).toBe(true);
    }
    expect(isSafeExternalUrl('https://www.ct.edu/libraries')).toBe(true);
    expect(isSafeExternalUrl('mailto:someone@example.edu')).toBe(true);
    expect(isSafeExternalUrl(42)).toBe(false);
    expect(isSafeExternalUrl(`https://example.edu/${'a'.repeat(2100)}`)).toBe(false);
  });

  it('a label cannot break out of its brackets, nor a URL out of its parentheses', () => {
    const link = labelledLink('a] [b](https://evil.example)', 'https://ok.example/a (b)');
    expect(messageSegments(link)).toEqual([{ kind: 'link', label: 'a b (https://evil.example)', url: 'https://ok.example/a%20%28b%29', bare: false }]);
  });
});
