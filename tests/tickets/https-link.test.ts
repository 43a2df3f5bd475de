/** The rule for a link a far service hands us (a LibAnswers ticket's address): https, on its site. */
import { describe, expect, it } from 'vitest';
import { httpsLinkOn } from '../../src/shared/external-links/https-link';

describe('httpsLinkOn', () => {
  it.each([
    ['https://tunxis.libanswers.com/admin/ticket?qid=12', 'tunxis.libanswers.com'],
    ['https://Tunxis.LibAnswers.com:443/admin/ticket?qid=12', 'tunxis.libanswers.com'],
    ['https://127.0.0.1:8443/admin/ticket?qid=1', '127.0.0.1'],
    ['https://[::1]:8443/admin/ticket?qid=1', '[::1]'],
    ['https://tunxis.libanswers.com/admin/ticket?qid=12', undefined],
  ])('keeps %s (site %s)', (raw, site) => {
    expect(httpsLinkOn(raw, site)).toBe(raw);
  });

  it.each([
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['javascript:alert(1)', undefined],
    ['http://tunxis.libanswers.com/admin/ticket?qid=12', 'tunxis.libanswers.com'],
    ['mailto:someone@tunxis.edu', undefined],
    ['https://libanswers.evil.example/admin/ticket', 'tunxis.libanswers.com'],
    ['https://tunxis.libanswers.com.evil.example/x', 'tunxis.libanswers.com'],
    ['https://tunxis.libanswers.com@evil.example/x', 'tunxis.libanswers.com'],
    ['https://tunxis.libanswers.com\\@evil.example/x', 'tunxis.libanswers.com'],
    ['https://tunxіs.libanswers.com/x', 'tunxis.libanswers.com'],
    ['//tunxis.libanswers.com/x', 'tunxis.libanswers.com'],
    ['', undefined],
  ])('refuses %s (site %s)', (raw, site) => {
    expect(httpsLinkOn(raw, site)).toBeNull();
  });
});
