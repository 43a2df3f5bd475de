import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { faqCachePath } from '../../src/main/core/faqs/cache-path';
import { FaqCache } from '../../src/main/core/faqs/faq-cache';
import { fetchChanges, SyncError, syncCache } from '../../src/main/core/faqs/sync';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { type RunningServer, startServer } from '../../src/server';
import { DEFAULT_TIMING } from '../../src/shared/alerts/policy';
import { FAQ_CHANGES_MAX_PAGE, type FaqChange, FaqChangesPage } from '../../src/shared/faqs/schemas';
import { waitFor } from '../support/wait';

const PASSWORD = 'faq-sync-password-1';
let dir: string;
let server: RunningServer;
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `deskbell-${name}-`));
  dirs.push(d);
  return d;
};

const faqsJson = (campus: string, count: number, edit = (i: number) => `Answer ${i} for ${campus}.`) =>
  JSON.stringify(
    Array.from({ length: count }, (_, i) => ({
      id: `${campus}-${i}`,
      question: `How do I use service ${i} at the ${campus} library?`,
      answer: edit(i),
      topics: [i % 2 ? 'Borrowing' : 'Printing'],
      permalink: `https://${campus}.example.edu/faq/${i}`,
    })),
  );

async function importJson(campus: string, text: string) {
  const path = join(dir, `${campus}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, text);
  return server.importFaqs(campus, { kind: 'json', path });
}

function newCore(dataDir: string, tokenStore = new MemoryTokenStore()) {
  return new MainCore({ settings: new SettingsStore(dataDir), tokenStore, timing: DEFAULT_TIMING, embedded: null, dataDir });
}

beforeAll(async () => {
  dir = tempDir('faq-sync');
  server = await startServer({ dbPath: join(dir, 'desk.db'), port: 0, log: () => undefined, passwordHashN: 1 << 14, faqWatchMs: 100 });
  server.addOperator({ username: 'ada', name: 'Ada', campus: 'tunxis', password: PASSWORD });
  server.addOperator({ username: 'bo', name: 'Bo', campus: 'gateway', password: PASSWORD });
  await importJson('tunxis', faqsJson('tunxis', 30));
  await importJson('gateway', faqsJson('gateway', 20));
});
afterAll(async () => {
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the desk FAQ cache', () => {
  it('syncs in full on sign-in, then by delta with deletions as the backend changes; per librarian; closed on sign-out', async () => {
    const dataDir = tempDir('desk');
    const core = newCore(dataDir);
    try {
      await core.signIn(server.url, 'ada', PASSWORD);
      const ada = core.sessionView().operator!;
      await waitFor(async () => {
        const status = await core.call('faqs.status', {});
        return status.ok && status.value.count === 50 && !status.value.syncing;
      }, 'full sync');
      expect(existsSync(faqCachePath(dataDir, ada.id))).toBe(true);
      expect(faqCachePath(dataDir, ada.id)).toBe(join(dataDir, 'librarians', ada.id, 'faq-cache.db'));
      const search = await core.call('faqs.search', { query: 'service 7', campus: 'tunxis' });
      expect(search.ok && search.value.hits.map((h) => h.id)).toContain('tunxis-7');

      // An import changes one FAQ and drops two: the desk hears faqs.changed and fetches only that.
      const edited = JSON.parse(faqsJson('tunxis', 30, (i) => (i === 7 ? 'Service seven moved to the second floor.' : `Answer ${i} for tunxis.`))) as { id: string }[];
      await importJson('tunxis', JSON.stringify(edited.filter((f) => f.id !== 'tunxis-8' && f.id !== 'tunxis-9')));
      await waitFor(async () => {
        const status = await core.call('faqs.status', {});
        return status.ok && status.value.count === 48 && status.value.rev === 53;
      }, 'delta sync');
      const moved = await core.call('faqs.search', { query: 'second floor', campus: 'tunxis' });
      expect(moved.ok && moved.value.hits.map((h) => h.id)).toEqual(['tunxis-7']);
      const gone = await core.call('faqs.search', { query: 'service 8 tunxis', campus: null });
      expect(gone.ok && gone.value.hits.map((h) => h.id)).not.toContain('tunxis-8');

      // Sign-out closes the cache; another librarian gets a cache of their own.
      await core.call('session.signOut', {});
      const closed = await core.call('faqs.status', {});
      expect(closed.ok && closed.value.open).toBe(false);
      await core.signIn(server.url, 'bo', PASSWORD);
      const bo = core.sessionView().operator!;
      await waitFor(async () => {
        const status = await core.call('faqs.status', {});
        return status.ok && status.value.count === 48;
      }, "Bo's sync");
      expect(existsSync(faqCachePath(dataDir, bo.id))).toBe(true);
      expect(faqCachePath(dataDir, bo.id)).not.toBe(faqCachePath(dataDir, ada.id));
    } finally {
      await core.stop();
    }
  });

  it('works offline and survives a restart', async () => {
    const dataDir = tempDir('desk-offline');
    const tokens = new MemoryTokenStore();
    const first = newCore(dataDir, tokens);
    await first.signIn(server.url, 'ada', PASSWORD);
    await waitFor(async () => {
      const status = await first.call('faqs.status', {});
      return status.ok && status.value.count === 48 && !status.value.syncing;
    }, 'sync');
    await first.stop();

    // The backend is unreachable now (a closed port): the saved session resumes offline, the cache answers.
    const saved = await tokens.load();
    await tokens.save({ ...saved!, backendUrl: 'http://127.0.0.1:9' });
    const second = newCore(dataDir, tokens);
    try {
      expect(await second.resume('http://127.0.0.1:9')).toBe(true);
      expect(second.sessionView().status).not.toBe('online');
      const offline = await second.call('faqs.search', { query: 'borrowing service', campus: 'gateway' });
      expect(offline.ok && offline.value.hits.length).toBeGreaterThan(0);
      expect(offline.ok && offline.value.status).toMatchObject({ open: true, count: 48 });
    } finally {
      await second.stop();
    }
  });
});

describe('a sync cut off halfway', () => {
  it('leaves the cache consistent when the process is killed mid-sync, and the next sync finishes it', async () => {
    // Enough FAQs for many pages.
    for (const campus of ['norwalk', 'capital', 'central']) await importJson(campus, faqsJson(campus, 4_000));
    const login = await server.login('ada', PASSWORD);
    const token = login!.token;
    const path = join(tempDir('crash'), 'librarians', 'ada', 'faq-cache.db');
    // Every FAQ's latest state, in revision order, as the feed gives it.
    const feed: FaqChange[] = [];
    for (let since = 0, more = true; more; ) {
      const page = await fetchChanges({ url: server.url, token }, since, 5_000);
      feed.push(...page.changes);
      since = page.next;
      more = page.more;
    }
    const serverRev = feed[feed.length - 1]!.rev;
    expect(serverRev).toBeGreaterThan(12_000);
    // The backend caps a page at FAQ_CHANGES_MAX_PAGE, whatever the desk asks for (the desk asks for 2,000).
    const asked = await fetch(`${server.url}/api/faqs/changes?since=0&limit=5000`, { headers: { authorization: `Bearer ${token}` } });
    const capped = FaqChangesPage.parse(await asked.json());
    expect(capped.changes).toHaveLength(FAQ_CHANGES_MAX_PAGE);
    expect(capped).toMatchObject({ more: true, next: feed[FAQ_CHANGES_MAX_PAGE - 1]!.rev });
    // A sync commits whole pages: the revisions a cache can stop at are the last of each page of the feed.
    const pageEnds = new Set(feed.filter((_, i) => (i + 1) % FAQ_CHANGES_MAX_PAGE === 0).map((c) => c.rev));

    for (const [attempt, killAfterPages] of [[1, 1], [2, 2]] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/faq-sync-child.ts', path, server.url, token], { stdio: ['ignore', 'pipe', 'pipe'] });
      let pagesSeen = 0;
      const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      child.stdout.on('data', (data: Buffer) => {
        pagesSeen += (String(data).match(/^page /gm) ?? []).length;
        // Killed while the next page is being fetched or written: SIGKILL, no chance to tidy up.
        if (pagesSeen >= killAfterPages) setTimeout(() => child.kill('SIGKILL'), attempt * 15);
      });
      expect(await exit, `attempt ${attempt}`).toBe('SIGKILL');

      const cache = new FaqCache(path);
      try {
        expect(cache.check()).toEqual({ integrity: 'ok', index: true });
        // Exactly the backend's FAQs up to the revision the cache reached: no half page.
        const upTo = cache.rev;
        const expected = feed.filter((c) => c.rev <= upTo && !c.deleted).length;
        expect(cache.count, `attempt ${attempt}: rev ${upTo}`).toBe(expected);
        expect(pageEnds.has(upTo), `attempt ${attempt}: rev ${upTo} is not the end of a page`).toBe(true);
        expect(upTo).toBeLessThan(serverRev);
      } finally {
        cache.close();
      }
    }

    // The next sync resumes where the cache stopped, and ends in step with the backend.
    const cache = new FaqCache(path);
    try {
      const before = cache.rev;
      const { pages } = await syncCache(cache, { url: server.url, token }, serverRev, Date.now);
      expect(cache.rev).toBe(serverRev);
      // The rest of the feed, in pages of FAQ_CHANGES_MAX_PAGE, once each.
      expect(pages).toBe(Math.ceil(feed.filter((c) => c.rev > before).length / FAQ_CHANGES_MAX_PAGE));
      expect(before).toBeGreaterThan(0);
      expect(cache.count).toBe(48 + 12_000);
      expect(cache.check()).toEqual({ integrity: 'ok', index: true });
      expect(cache.search('service 3999 central', 'central', 5).hits[0]?.id).toBe('central-3999');
    } finally {
      cache.close();
    }
  }, 120_000);
});

describe('fetching a page of changes', () => {
  /** A backend whose first `drops` connections are cut before any answer (as a kept-alive one the backend closed). */
  async function droppingBackend(drops: number): Promise<{ url: string; requests: () => number; server: Server }> {
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      if (requests <= drops) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ changes: [], next: 7, more: false }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests, server };
  }

  it('sends a request cut off before any answer once more', async () => {
    const backend = await droppingBackend(1);
    try {
      expect(await fetchChanges({ url: backend.url, token: 't' }, 7)).toEqual({ changes: [], next: 7, more: false });
      expect(backend.requests()).toBe(2);
    } finally {
      backend.server.close();
    }
  });

  it("gives up after the second, with the network's reason", async () => {
    const backend = await droppingBackend(2);
    try {
      const failure = await fetchChanges({ url: backend.url, token: 't' }, 0).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SyncError);
      expect((failure as SyncError).message).toMatch(/^cannot reach the backend: fetch failed \(.+\)$/);
      expect(backend.requests()).toBe(2);
    } finally {
      backend.server.close();
    }
  });
});
