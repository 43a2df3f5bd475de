/**
 * A mailto link keeps one address, its subject and its body, nothing else (issue 17, item 13):
 * RFC 6068 lets a mailto query set any header field, so `to`, `cc` and `bcc` would add recipients
 * and `attach` a local file in the clients that take it. Checked where every link is made (the
 * one link rule, a librarian's labelled link, a bare link in anyone's line, both pages build
 * from these segments) and where a link leaves the app (the external-link check the core's
 * shell.openExternal and the Electron window use).
 */
import { describe, expect, it } from 'vitest';
import { lineSegments } from '../../src/shared/chats/labelled-links';
import { isSafeExternalUrl, safeLinkUrl } from '../../src/shared/external-links/safe-url';
import { linkCalls } from '../../src/main/core/external-links/calls';

const TO = 'mailto:librarian@tunxis.edu';

describe('the one link rule keeps only subject and body', () => {
  it.each([
    ['attach', `${TO}?attach=/etc/passwd`, TO],
    ['attachment (Windows path)', `${TO}?subject=Notes&attachment=C:%5CUsers%5Cme%5C.ssh%5Cid_rsa`, `${TO}?subject=Notes`],
    ['cc and bcc', `${TO}?cc=spy@evil.example&bcc=spy2@evil.example&body=Hi`, `${TO}?body=Hi`],
    ['to', `${TO}?to=victim@evil.example&subject=Hello`, `${TO}?subject=Hello`],
    ['a header field by name', `${TO}?From=dean@tunxis.edu&Reply-To=evil@evil.example&In-Reply-To=x`, TO],
    ['a field name in another case or percent-encoded', `${TO}?ATTACH=/x&%61ttach=/y&SUBJECT=Hi`, `${TO}?SUBJECT=Hi`],
    ['a subject with CR LF (header injection)', `${TO}?subject=Hi%0d%0aBcc:%20spy@evil.example&body=Text`, `${TO}?body=Text`],
    ['a subject with a bare LF', `${TO}?subject=Hi%0ABcc:spy@evil.example`, TO],
    ['a subject with U+2028', `${TO}?subject=Hi%E2%80%A8Bcc:spy@evil.example`, TO],
    ['a body with NUL', `${TO}?body=a%00b&subject=S`, `${TO}?subject=S`],
    ['a subject given twice', `${TO}?subject=First&subject=Second`, `${TO}?subject=First`],
    ['badly encoded fields', `${TO}?subject=%E0%A4%A&body=ok`, `${TO}?body=ok`],
  ])('%s', (_what, raw, kept) => {
    expect(safeLinkUrl(raw)).toBe(kept);
    // A link the rule changes does not leave the app as it is.
    expect(isSafeExternalUrl(raw)).toBe(false);
    expect(isSafeExternalUrl(kept)).toBe(true);
  });

  it('keeps what is allowed as written: a subject, a body with line breaks, an address percent-encoded', () => {
    for (const url of [
      `${TO}?subject=Ticket%20ENC-20261207-ABCDEF&body=Line%20one%0D%0ALine%20two`,
      'mailto:jo@x.edu?subject=Привет',
      'mailto:tunxis-tickets%40library.example.edu?subject=Ticket%20ENC-1&body=a%0Ab',
      'MAILTO:Librarian@Tunxis.edu?Subject=Hi',
      TO,
    ]) {
      expect(safeLinkUrl(url)).toBe(url);
      expect(isSafeExternalUrl(url)).toBe(true);
    }
  });

  it.each([
    ['an address with CR LF', 'mailto:a%0d%0aBcc:spy@evil.example'],
    ['two addresses', 'mailto:librarian@tunxis.edu,spy@evil.example'],
    ['two addresses, the comma encoded', 'mailto:librarian%2Cspy@evil.example'],
    ['two addresses, one encoded @', 'mailto:spy%40evil.example@tunxis.edu'],
    ['no address, only a to field', 'mailto:?to=spy@evil.example'],
    ['a fragment', `${TO}#x`],
    ['a look-alike host', 'mailto:jo@gооgle.com'],
    ['a quoted local part', 'mailto:%22a%20b%22@x.edu'],
  ])('refuses %s', (_what, raw) => {
    expect(safeLinkUrl(raw)).toBeNull();
    expect(isSafeExternalUrl(raw)).toBe(false);
  });
});

describe('links in transcript lines', () => {
  it('a librarian’s labelled mailto link goes only to the address, with the subject and body', () => {
    const text = `Write to [the library](${TO}?subject=Help&attach=/etc/passwd&bcc=spy@evil.example)`;
    expect(lineSegments('operator', text)).toEqual([
      { kind: 'text', text: 'Write to ' },
      { kind: 'link', label: 'the library', url: `${TO}?subject=Help`, bare: false },
    ]);
  });

  it('a bare mailto link in anyone’s line links the address alone: its query stays text', () => {
    for (const from of ['patron', 'operator'] as const) {
      const text = `mail ${TO}?subject=Hi&attach=/etc/passwd&bcc=spy@evil.example now`;
      const links = lineSegments(from, text).filter((s) => s.kind === 'link');
      expect(links).toEqual([{ kind: 'link', label: TO, url: TO, bare: true }]);
    }
  });
});

describe('shell.openExternal (the core)', () => {
  it('opens a clean mailto link, refuses one with fields the rule drops and opens nothing', async () => {
    const opened: string[] = [];
    const calls = linkCalls({ openExternal: async (url: string) => void opened.push(url) });
    await calls['shell.openExternal']({ url: `${TO}?subject=Hi` });
    await expect(calls['shell.openExternal']({ url: `${TO}?subject=Hi&attach=/etc/passwd` })).rejects.toMatchObject({ code: 'invalid_frame' });
    await expect(calls['shell.openExternal']({ url: `${TO}?subject=Hi%0D%0ABcc:spy@evil.example` })).rejects.toMatchObject({ code: 'invalid_frame' });
    expect(opened).toEqual([`${TO}?subject=Hi`]);
  });
});
