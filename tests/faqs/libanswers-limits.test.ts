/**
 * A LibAnswers FAQ import against the local stand-in of the API (a real HTTP server): a reply
 * larger than the cap is refused without being read whole, and a long import outlives its token
 * (renewed before it expires, by an injected clock both sides keep, and once more when the site
 * refuses a page).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchLibAnswersFaqs } from '../../src/server/faqs/import/libanswers';
import { LibAnswersTooLarge } from '../../src/server/libanswers/client';
import { sleep, waitFor } from '../support/wait';
import { FakeLibAnswers, libAnswersItem } from '../support/libanswers-server';

let site: FakeLibAnswers;
beforeAll(async () => {
  site = new FakeLibAnswers('deskbell-test-client', 'not-a-real-secret', 20);
  await site.start();
  site.faqs = Array.from({ length: 45 }, (_, i) => libAnswersItem(1000 + i, `Question number ${i}?`, `<p>Answer ${i}.</p>`));
});
afterAll(() => site.close());
beforeEach(() => {
  site.requests.length = 0;
  site.oversize = null;
  site.now = Date.now;
  site.tokenLifetimeSeconds = 3600;
  site.onFaqPage = () => undefined;
});

const credentials = { clientId: 'deskbell-test-client', clientSecret: 'not-a-real-secret' };
const pagesAsked = () => site.requests.filter((r) => r.path.startsWith('/api/1.1/faqs')).map((r) => new URL(r.path, site.url).searchParams.get('page'));
const signIns = () => site.requests.filter((r) => r.path === '/api/1.1/oauth/token').length;

describe('a reply larger than the cap', () => {
  it.each([true, false])('is refused with a typed error, never read whole (Content-Length given: %s)', async (declared) => {
    // The 10 MB answer, and one far bigger than a socket's buffers could hold for a reader that stopped.
    for (const bytes of [10 * 1024 * 1024, 64 * 1024 * 1024]) {
      site.oversize = { bytes, declared };
      const error = await fetchLibAnswersFaqs({ baseUrl: site.url, credentials }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LibAnswersTooLarge);
      expect(error).toMatchObject({ limitBytes: 2 * 1024 * 1024, message: expect.stringMatching(/FAQ page 1: the reply is larger than 2097152 bytes/) });
      const reply = await waitFor(() => site.oversized.at(-1), 'the reply');
      await sleep(100);
      expect(reply.finished).toBe(false);
      expect(reply.written).toBeLessThan(bytes);
    }
  });

  it('follows the source’s own cap, and a reply under it is read as before', async () => {
    site.oversize = null;
    await expect(fetchLibAnswersFaqs({ baseUrl: site.url, credentials, maxResponseBytes: 1024 })).rejects.toThrow(/larger than 1024 bytes/);
    expect(await fetchLibAnswersFaqs({ baseUrl: site.url, credentials, maxResponseBytes: 64 * 1024 })).toHaveLength(45);
  });
});

describe('a token that expires during a long import', () => {
  it('is renewed before it runs out (both sides keep the same injected clock)', async () => {
    let clock = 5_000_000;
    site.now = () => clock;
    site.tokenLifetimeSeconds = 120;
    // Each page takes 50 s: the first token (valid 120 s by the site) is gone by the fourth page.
    site.onFaqPage = () => {
      clock += 50_000;
    };
    const faqs = await fetchLibAnswersFaqs({ baseUrl: site.url, credentials, pageSize: 20, now: () => clock });
    expect(faqs).toHaveLength(45);
    expect(pagesAsked()).toEqual(['1', '2', '3', '4']);
    expect(signIns()).toBe(2);
    // No page was refused: the import asked for a new token before the old one expired.
    const pages = site.requests.filter((r) => r.path.startsWith('/api/1.1/faqs'));
    expect(new Set(pages.map((r) => r.auth)).size).toBe(2);
  });

  it('is renewed once when the site refuses a page, and that page asked for again', async () => {
    site.onFaqPage = (page) => {
      if (page === 2) site.expireTokens();
    };
    const faqs = await fetchLibAnswersFaqs({ baseUrl: site.url, credentials, pageSize: 20 });
    expect(faqs).toHaveLength(45);
    expect(pagesAsked()).toEqual(['1', '2', '3', '3', '4']);
    expect(signIns()).toBe(2);
  });

  it('a site that refuses the new token too fails the import, without asking again and again', async () => {
    site.onFaqPage = () => {
      site.quirks.refusesTokens = true;
    };
    try {
      await expect(fetchLibAnswersFaqs({ baseUrl: site.url, credentials, pageSize: 20 })).rejects.toThrow(/FAQ page 2: the site refused the credentials \(HTTP 403\)/);
    } finally {
      site.quirks.refusesTokens = false;
    }
    expect(pagesAsked()).toEqual(['1', '2', '2']);
    expect(signIns()).toBe(2);
  });
});
