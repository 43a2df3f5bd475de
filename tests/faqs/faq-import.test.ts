import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaqChangesPage } from '../../src/shared/faqs/schemas';
import { FakeLibAnswers, libAnswersItem } from '../support/libanswers-server';
import { nextEvent, signInOperator, startTestServer, type TestServer } from '../support/server';
import { runServerCli } from '../support/server-cli';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ faqWatchMs: 100 });
});
afterEach(async () => {
  await t.close();
});

const CSV = [
  '\ufeffID,Question,Answer,Topics,URL,Updated',
  '101,What are the library hours?,"Open 8 am to 8 pm, Monday to Thursday.",Hours,https://tunxis.libanswers.example/faq/101,2026-10-01 09:00:00',
  '102,"How do I renew a book?","Renew online:',
  'log in to ""My Account"".",Borrowing;Renewals,https://tunxis.libanswers.example/faq/102,1760000000',
  '103,Can I print in color?,Yes: 50 cents a page.,Printing|Technology,,',
].join('\n');

async function changes(since = 0, token?: string, limit = 1000): Promise<FaqChangesPage> {
  const response = await fetch(`${t.server.url}/api/faqs/changes?since=${since}&limit=${limit}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(response.status).toBe(200);
  return FaqChangesPage.parse(await response.json());
}

const writeFile = (name: string, text: string): string => {
  const path = join(t.dir, name);
  writeFileSync(path, text);
  return path;
};

describe('FAQ import from CSV and JSON', () => {
  it('imports a CSV (quotes, line breaks, BOM, two topic separators, dates in two forms)', async () => {
    const op = await signInOperator(t, 'Reader', 'tunxis');
    const counts = await t.server.importFaqs('tunxis', { kind: 'csv', path: writeFile('tunxis.csv', CSV) });
    expect(counts).toEqual({ added: 3, updated: 0, deleted: 0, unchanged: 0, rev: 3 });
    const page = await changes(0, op.token);
    expect(page).toMatchObject({ next: 3, more: false });
    const byId = new Map(page.changes.map((c) => [c.id, c]));
    expect(byId.get('102')).toEqual({
      deleted: false,
      campus: 'tunxis',
      id: '102',
      question: 'How do I renew a book?',
      answer: 'Renew online:\nlog in to "My Account".',
      topics: ['Borrowing', 'Renewals'],
      permalink: 'https://tunxis.libanswers.example/faq/102',
      updated: 1_760_000_000_000,
      rev: 2,
    });
    expect(byId.get('101')).toMatchObject({ updated: Date.parse('2026-10-01T09:00:00Z'), topics: ['Hours'] });
    expect(byId.get('103')).toMatchObject({ permalink: '', updated: 0, topics: ['Printing', 'Technology'] });
    // Every desk hears that the FAQs moved.
    await nextEvent(op.socket, 'faqs.changed', (e) => e.rev === 3);
  });

  it('imports JSON in LibAnswers\' shape (HTML answers become chat text with labelled links) and as a plain list', async () => {
    const libanswers = {
      faqs: [
        libAnswersItem(7, 'Where is the &quot;quiet&quot; floor?', '<p>Third floor. See <a href="/floor-map">the floor map</a>.</p><img src="x.png"><script>alert(1)</script>', ['Spaces']),
        { ...libAnswersItem(8, 'Guest Wi-Fi?', ''), answer: undefined, details: '<b>Ask</b> at the desk' },
      ],
    };
    expect(await t.server.importFaqs('gateway', { kind: 'json', path: writeFile('la.json', JSON.stringify(libanswers)) })).toMatchObject({ added: 2 });
    const plain = [{ id: 'a-1', question: 'Do you lend laptops?', answer: 'Yes, for 4 hours.', topics: ['Technology'], permalink: 'https://x.example/a-1', updated: '2026-01-02T03:04:05Z' }];
    expect(await t.server.importFaqs('tunxis', { kind: 'json', path: writeFile('plain.json', JSON.stringify(plain)) })).toMatchObject({ added: 1 });
    const op = await signInOperator(t, 'Reader');
    const all = (await changes(0, op.token)).changes;
    expect(all.find((c) => c.id === '7')).toMatchObject({
      campus: 'gateway',
      question: 'Where is the "quiet" floor?',
      answer: 'Third floor. See [the floor map](https://tunxis.libanswers.example/floor-map).',
      permalink: 'https://tunxis.libanswers.example/faq/7',
      updated: Date.parse('2026-11-02T14:05:00Z'),
    });
    expect(all.find((c) => c.id === '8')).toMatchObject({ answer: 'Ask at the desk' });
    expect(all.find((c) => c.id === 'a-1')).toMatchObject({ campus: 'tunxis', topics: ['Technology'], updated: Date.parse('2026-01-02T03:04:05Z') });
  });

  it('importing the same list again changes nothing; a changed list updates, and what it no longer lists is deleted (a tombstone)', async () => {
    const path = writeFile('tunxis.csv', CSV);
    await t.server.importFaqs('tunxis', { kind: 'csv', path });
    const op = await signInOperator(t, 'Reader');
    expect(await t.server.importFaqs('tunxis', { kind: 'csv', path })).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: 3, rev: 3 });
    expect((await changes(3, op.token)).changes).toEqual([]);

    const edited = CSV.split('\n')
      .filter((line) => !line.startsWith('103'))
      .join('\n')
      .replace('Open 8 am to 8 pm', 'Open 8 am to 9 pm');
    expect(await t.server.importFaqs('tunxis', { kind: 'csv', path: writeFile('edited.csv', edited) })).toEqual({ added: 0, updated: 1, deleted: 1, unchanged: 1, rev: 5 });
    const delta = await changes(3, op.token);
    expect(delta.changes).toEqual([
      expect.objectContaining({ id: '101', deleted: false, answer: 'Open 8 am to 9 pm, Monday to Thursday.', rev: 4 }),
      { deleted: true, campus: 'tunxis', id: '103', rev: 5 },
    ]);
    // --keep-missing: a partial list adds and updates only.
    const partial = writeFile('partial.json', JSON.stringify([{ id: '104', question: 'New one?', answer: 'Yes.' }]));
    expect(await t.server.importFaqs('tunxis', { kind: 'json', path: partial }, { keepMissing: true })).toMatchObject({ added: 1, deleted: 0 });
    // Another campus's import never touches Tunxis.
    await t.server.importFaqs('gateway', { kind: 'json', path: writeFile('g.json', '[]') });
    expect((await changes(6, op.token)).changes).toEqual([]);
  });

  it('a file without ids (as the help allows) is imported with ids made from the questions; importing it again changes nothing', async () => {
    const csv = writeFile('no-ids.csv', ['Question,Answer', 'What are the library hours?,8 to 8.', 'Can I print in color?,Yes.', 'What are the library hours?,On weekends: 10 to 4.'].join('\n'));
    expect(await t.server.importFaqs('tunxis', { kind: 'csv', path: csv })).toEqual({ added: 3, updated: 0, deleted: 0, unchanged: 0, rev: 3 });
    expect(await t.server.importFaqs('tunxis', { kind: 'csv', path: csv })).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: 3, rev: 3 });
    // The same questions in JSON, one spaced and cased differently, ids left out or empty: the same FAQs (one reworded).
    const json = writeFile('no-ids.json', JSON.stringify([{ question: 'what are the  library HOURS?', answer: '8 to 8.' }, { id: '', question: 'Can I print in color?', answer: 'Yes.' }, { question: 'What are the library hours?', answer: 'On weekends: 10 to 4.' }]));
    expect(await t.server.importFaqs('tunxis', { kind: 'json', path: json })).toEqual({ added: 0, updated: 1, deleted: 0, unchanged: 2, rev: 4 });
    expect(await t.server.importFaqs('tunxis', { kind: 'csv', path: csv })).toEqual({ added: 0, updated: 1, deleted: 0, unchanged: 2, rev: 5 });
    const op = await signInOperator(t, 'Reader');
    const live = (await changes(0, op.token)).changes.filter((c) => !c.deleted);
    expect(live).toHaveLength(3);
    const ids = live.map((c) => c.id);
    // Two FAQs with one question keep two ids, the second numbered.
    expect(new Set(ids).size).toBe(3);
    const hours = live.filter((c) => !c.deleted && c.question === 'What are the library hours?').map((c) => c.id);
    expect(hours).toHaveLength(2);
    expect(hours.find((id) => id.endsWith('-2'))).toBe(`${hours.find((id) => !id.endsWith('-2'))}-2`);
    // A row that has an id keeps it beside rows that have none.
    const mixed = writeFile('mixed.csv', ['id,question,answer', ',What are the library hours?,8 to 8.', 'p1,Can I print in color?,Yes.', ',What are the library hours?,On weekends: 10 to 4.'].join('\n'));
    const counts = await t.server.importFaqs('tunxis', { kind: 'csv', path: mixed });
    expect(counts).toMatchObject({ added: 1, deleted: 1, unchanged: 2 });
  });

  it('refuses a bad file whole, with the row and field named, and changes nothing', async () => {
    const path = writeFile('tunxis.csv', CSV);
    await t.server.importFaqs('tunxis', { kind: 'csv', path });
    const cases: [string, string, RegExp][] = [
      ['no-question.csv', 'ID,Question\n1,', /CSV row 2: question/],
      ['no-question-column.csv', 'ID,Answer\n1,A', /no "question" column/],
      ['bad-url.csv', 'id,question,url\n1,Q,javascript:alert(1)', /CSV row 2: permalink/],
      ['bad-date.csv', 'id,question,updated\n1,Q,yesterday', /CSV row 2: updated/],
      ['twice.csv', 'id,question\n1,Q\n1,Q2', /CSV row 3: id "1" appears twice/],
      ['ragged.csv', 'id,question\n1,Q,extra', /CSV is malformed/],
      ['bad-id.csv', 'id,question\n../etc,Q', /CSV row 2: id/],
    ];
    for (const [name, text, message] of cases) {
      await expect(t.server.importFaqs('tunxis', { kind: 'csv', path: writeFile(name, text) }), name).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    }
    await expect(t.server.importFaqs('tunxis', { kind: 'json', path: writeFile('bad.json', '{"faqs": 3}') })).rejects.toThrow(/"faqs" list/);
    await expect(t.server.importFaqs('tunxis', { kind: 'json', path: writeFile('bad2.json', '[{"faqid": "x1", "question": "Q"}]') })).rejects.toThrow(/faqs\[0\]: faqid/);
    await expect(t.server.importFaqs('atlantis', { kind: 'csv', path })).rejects.toMatchObject({ code: 'unknown_campus' });
    const op = await signInOperator(t, 'Reader');
    const page = await changes(0, op.token);
    expect(page.next).toBe(3);
    expect(page.changes.map((c) => c.id)).toEqual(['101', '102', '103']);
    // Failures are in the import log, with their reason.
    const db = new Database(t.dbPath, { readonly: true });
    try {
      const failures = db.prepare('SELECT error FROM faq_imports WHERE error IS NOT NULL').all() as { error: string }[];
      expect(failures.length).toBeGreaterThanOrEqual(cases.length);
    } finally {
      db.close();
    }
  });
});

describe('FAQ import from the LibAnswers API', () => {
  let site: FakeLibAnswers;
  beforeAll(async () => {
    site = new FakeLibAnswers('deskbell-test-client', 'not-a-real-secret', 20);
    await site.start();
    site.faqs = Array.from({ length: 45 }, (_, i) =>
      libAnswersItem(1000 + i, `Question number ${i}?`, `<p>Answer <b>${i}</b>, see <a href="https://tunxis.libanswers.example/x${i}">details</a>.</p>`, i % 2 ? ['Odd'] : ['Even']),
    );
  });
  afterAll(() => site.close());
  const env = { clientIdEnv: 'TEST_LA_ID', clientSecretEnv: 'TEST_LA_SECRET' } as const;

  it('takes a token by client credentials, then reads every page though pages are capped at 20', async () => {
    process.env.TEST_LA_ID = site.clientId;
    process.env.TEST_LA_SECRET = site.clientSecret;
    site.requests.length = 0;
    const counts = await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env, pageSize: 100 });
    expect(counts).toMatchObject({ added: 45, updated: 0, deleted: 0 });
    expect(site.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`)).toEqual([
      'POST /api/1.1/oauth/token',
      'GET /api/1.1/faqs',
      'GET /api/1.1/faqs',
      'GET /api/1.1/faqs',
      'GET /api/1.1/faqs',
    ]);
    // Pages 1-3 hold 20, 20 and 5; page 4 is empty. The secret never travels in a URL.
    expect(site.requests.slice(1).map((r) => new URL(r.path, site.url).searchParams.get('page'))).toEqual(['1', '2', '3', '4']);
    expect(site.requests.every((r) => !r.path.includes(site.clientSecret))).toBe(true);
    expect(site.requests.slice(1).every((r) => r.auth?.startsWith('Bearer tok-'))).toBe(true);
    const op = await signInOperator(t, 'Reader', 'tunxis');
    const faq = (await changes(0, op.token)).changes.find((c) => c.id === '1007');
    expect(faq).toMatchObject({ question: 'Question number 7?', answer: 'Answer 7, see [details](https://tunxis.libanswers.example/x7).', topics: ['Odd'], permalink: 'https://tunxis.libanswers.example/faq/1007' });

    // Again: nothing changes. One FAQ deleted at the source: a tombstone.
    expect(await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env })).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 45 });
    const removed = site.faqs.splice(3, 1)[0];
    try {
      expect(await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env })).toMatchObject({ deleted: 1, unchanged: 44 });
    } finally {
      if (removed) site.faqs.splice(3, 0, removed);
    }
    // One group only.
    expect(await t.server.importFaqs('gateway', { kind: 'libanswers', baseUrl: site.url, groupId: 1, credentials: env })).toMatchObject({ added: 22 });
  });

  it('refuses wrong or missing credentials, and plain http beyond this machine, changing nothing', async () => {
    process.env.TEST_LA_ID = site.clientId;
    process.env.TEST_LA_SECRET = 'wrong';
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env })).rejects.toThrow(/refused the credentials \(HTTP 401\)/);
    delete process.env.TEST_LA_SECRET;
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: env })).rejects.toThrow(/set TEST_LA_ID and TEST_LA_SECRET/);
    process.env.TEST_LA_SECRET = site.clientSecret;
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: 'http://libanswers.example', credentials: env })).rejects.toThrow(/https/);
    // A credentials file inside a repository is refused before it is read.
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: { file: join(process.cwd(), 'package.json') } })).rejects.toThrow(/inside the repository/);
    const outside = join(t.dir, 'libanswers.json');
    writeFileSync(outside, JSON.stringify({ clientId: site.clientId, clientSecret: site.clientSecret }), { mode: 0o600 });
    expect(await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: { file: outside } })).toMatchObject({ added: 45 });
  });

  it('runs on a schedule per campus', async () => {
    process.env.TEST_LA_ID = site.clientId;
    process.env.TEST_LA_SECRET = site.clientSecret;
    const scheduled = await startTestServer({ faqImports: { version: 1, imports: [{ campus: 'tunxis', everyMinutes: 60, source: { kind: 'libanswers', baseUrl: site.url, credentials: env } }] } });
    try {
      const op = await signInOperator(scheduled, 'Reader', 'tunxis');
      // The first run comes ~10 s after start.
      await nextEvent(op.socket, 'faqs.changed', (e) => e.rev === 45, 30_000);
    } finally {
      await scheduled.close();
    }
    await expect(startTestServer({ faqImports: { version: 1, imports: [{ campus: 'atlantis', source: { kind: 'csv', path: 'x.csv' } }] } })).rejects.toThrow(/unknown campus "atlantis"/);
  }, 60_000);
});

/** The import log's failures, newest last. */
function failures(): string[] {
  const db = new Database(t.dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT error FROM faq_imports WHERE error IS NOT NULL ORDER BY id').all() as { error: string }[]).map((r) => r.error);
  } finally {
    db.close();
  }
}

/** Every FAQ a desk would hold now (tombstones applied), by id. */
async function liveIds(token: string): Promise<string[]> {
  const live = new Map<string, boolean>();
  for (let since = 0, more = true; more; ) {
    const page = await changes(since, token, 500);
    for (const c of page.changes) live.set(c.id, !c.deleted);
    since = page.next;
    more = page.more;
  }
  return [...live].filter(([, alive]) => alive).map(([id]) => id).sort();
}

const runCli = runServerCli;

describe('a short or broken listing never wipes a campus', () => {
  let site: FakeLibAnswers;
  const env = { clientIdEnv: 'TEST_LA_ID', clientSecretEnv: 'TEST_LA_SECRET' } as const;
  const source = () => ({ kind: 'libanswers' as const, baseUrl: site.url, credentials: env });
  beforeAll(async () => {
    site = new FakeLibAnswers('deskbell-test-client', 'not-a-real-secret', 20);
    await site.start();
  });
  beforeEach(() => {
    process.env.TEST_LA_ID = site.clientId;
    process.env.TEST_LA_SECRET = site.clientSecret;
    site.quirks = {};
    site.faqs = Array.from({ length: 45 }, (_, i) => libAnswersItem(2000 + i, `Question ${i}?`, `Answer ${i}.`));
  });
  afterAll(() => site.close());

  it('a site that ignores `page` repeats page 1: refused as incomplete, recorded, nothing deleted', async () => {
    expect(await t.server.importFaqs('tunxis', source())).toMatchObject({ added: 45 });
    const op = await signInOperator(t, 'Reader', 'tunxis');
    const before = await liveIds(op.token);
    site.quirks = { ignorePage: true };
    await expect(t.server.importFaqs('tunxis', source())).rejects.toMatchObject({ code: 'incomplete_source', message: expect.stringMatching(/page 2 repeats FAQ 2000 from page 1.*nothing was imported/) });
    expect(await liveIds(op.token)).toEqual(before);
    expect(before).toHaveLength(45);
    expect(failures().at(-1)).toMatch(/repeats FAQ 2000/);
  });

  it("uses the total the site states: stops when it has them all, refuses when fewer arrive", async () => {
    site.quirks = { statesTotal: true };
    site.requests.length = 0;
    expect(await t.server.importFaqs('tunxis', source())).toMatchObject({ added: 45 });
    // 20 + 20 + 5: the third page completes the stated 45, so no empty fourth page is asked for.
    expect(site.requests.filter((r) => r.path.startsWith('/api/1.1/faqs'))).toHaveLength(3);
    // A site that stops early (an empty page 2) but said it holds 45.
    site.quirks = { statesTotal: true, sendsOnly: 20 };
    await expect(t.server.importFaqs('tunxis', source())).rejects.toMatchObject({ code: 'incomplete_source', message: expect.stringContaining('says it holds 45 FAQs but sent 20') });
    const op = await signInOperator(t, 'Reader', 'tunxis');
    expect(await liveIds(op.token)).toHaveLength(45);
    expect(failures().at(-1)).toContain('says it holds 45 FAQs but sent 20');
  });

  it('an empty listing or a header-only file would delete every FAQ: refused unless deletions are allowed', async () => {
    expect(await t.server.importFaqs('tunxis', source())).toMatchObject({ added: 45 });
    const op = await signInOperator(t, 'Reader', 'tunxis');
    site.faqs = [];
    await expect(t.server.importFaqs('tunxis', source())).rejects.toMatchObject({ code: 'too_many_deletions', message: expect.stringContaining('delete 45 of the 45') });
    const headerOnly = writeFile('header-only.csv', 'id,question,answer,topics,url\n');
    await expect(t.server.importFaqs('tunxis', { kind: 'csv', path: headerOnly })).rejects.toMatchObject({ code: 'too_many_deletions' });
    await expect(t.server.importFaqs('tunxis', { kind: 'json', path: writeFile('empty.json', '{"faqs": []}') })).rejects.toMatchObject({ code: 'too_many_deletions' });
    expect(await liveIds(op.token)).toHaveLength(45);
    expect(failures().slice(-3).every((e) => e.includes('would delete 45 of the 45'))).toBe(true);
    // More than half of a list of 20 or more: refused too; half or less is a clean-up, allowed.
    site.faqs = Array.from({ length: 22 }, (_, i) => libAnswersItem(2000 + i, `Question ${i}?`, `Answer ${i}.`));
    await expect(t.server.importFaqs('tunxis', source())).rejects.toMatchObject({ code: 'too_many_deletions', message: expect.stringContaining('delete 23 of the 45') });
    site.faqs = Array.from({ length: 23 }, (_, i) => libAnswersItem(2000 + i, `Question ${i}?`, `Answer ${i}.`));
    expect(await t.server.importFaqs('tunxis', source())).toMatchObject({ deleted: 22, unchanged: 23 });
    // Asked for explicitly, the deletions happen.
    expect(await t.server.importFaqs('tunxis', { kind: 'csv', path: headerOnly }, { allowDeletions: true })).toMatchObject({ deleted: 23 });
    expect(await liveIds(op.token)).toEqual([]);
    // A campus with no FAQs yet may import an empty list: nothing to lose.
    expect(await t.server.importFaqs('gateway', { kind: 'csv', path: headerOnly })).toMatchObject({ added: 0, deleted: 0 });
  });

  it('`import-faqs` refuses it with one clear line (exit 2) and changes nothing; --allow-deletions does it', async () => {
    const csv = writeFile('cli.csv', CSV);
    expect((await runCli(['import-faqs', '--campus', 'tunxis', '--csv', csv, '--db', t.dbPath])).code).toBe(0);
    const headerOnly = writeFile('header-only.csv', 'ID,Question,Answer\n');
    const refused = await runCli(['import-faqs', '--campus', 'tunxis', '--csv', headerOnly, '--db', t.dbPath]);
    expect(refused.code).toBe(2);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toContain('would delete 3 of the 3 stored; refused, nothing changed');
    expect(refused.err).toContain('--allow-deletions');
    expect(failures().at(-1)).toContain('would delete 3 of the 3');
    const op = await signInOperator(t, 'Reader', 'tunxis');
    expect(await liveIds(op.token)).toEqual(['101', '102', '103']);
    const both = await runCli(['import-faqs', '--campus', 'tunxis', '--csv', headerOnly, '--keep-missing', '--allow-deletions', '--db', t.dbPath]);
    expect(both.code).toBe(2);
    const allowed = await runCli(['import-faqs', '--campus', 'tunxis', '--csv', headerOnly, '--allow-deletions', '--db', t.dbPath]);
    expect(allowed).toMatchObject({ code: 0, out: expect.stringContaining('0 added, 0 updated, 3 deleted') });
    const help = await runCli(['import-faqs', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['--allow-deletions', '--keep-missing', '"client_id"', '"client_secret"', 'more', 'than half of a list of 20 or more']) expect(help.out, text).toContain(text);
  }, 60_000);
});

describe('LibAnswers credentials never reach the logs', () => {
  let site: FakeLibAnswers;
  beforeAll(async () => {
    site = new FakeLibAnswers('deskbell-test-client', 'very-secret-value-1234', 20);
    await site.start();
    site.faqs = [libAnswersItem(1, 'Q?', 'A.')];
  });
  afterAll(() => site.close());

  it('a credentials file that is not JSON: said so with where, never quoting it', async () => {
    const broken = [
      `{"client_id": "${site.clientId}", "client_secret": "${site.clientSecret}",}`,
      `{"client_id": "${site.clientId}"\n "client_secret": "${site.clientSecret}"}`,
      `very-secret-value-1234`,
      `{"client_secret": very-secret-value-1234}`,
    ];
    for (const [i, text] of broken.entries()) {
      const path = join(t.dir, `broken-${i}.json`);
      writeFileSync(path, text, { mode: 0o600 });
      const error = await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: { file: path } }).then(
        () => null,
        (e: unknown) => e as Error & { cause?: unknown },
      );
      expect(error, text).toMatchObject({ code: 'invalid_config', message: expect.stringMatching(/is not valid JSON/) });
      expect(error?.message, text).not.toContain('very-secret');
      expect(String(error?.cause ?? ''), text).not.toContain('very-secret');
    }
    expect(failures().length).toBe(broken.length);
    for (const error of failures()) expect(error).not.toContain('very-secret');
    expect(failures()[1]).toMatch(/not valid JSON \(line 2, column 2\)/);
  });

  it("accepts LibAnswers' own client_id / client_secret names as well as clientId / clientSecret", async () => {
    const snake = join(t.dir, 'snake.json');
    writeFileSync(snake, JSON.stringify({ client_id: site.clientId, client_secret: site.clientSecret }), { mode: 0o600 });
    expect(await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: { file: snake } })).toMatchObject({ added: 1 });
    const camel = join(t.dir, 'camel.json');
    writeFileSync(camel, JSON.stringify({ clientId: site.clientId, clientSecret: site.clientSecret }), { mode: 0o600 });
    expect(await t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: { file: camel } })).toMatchObject({ unchanged: 1 });
    const wrong = join(t.dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ id: site.clientId, secret: site.clientSecret }), { mode: 0o600 });
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: site.url, credentials: { file: wrong } })).rejects.toThrow(/must be \{"client_id"/);
  });

  it('a site URL with user:password is refused by the source schema, before anything is written', async () => {
    const withPassword = site.url.replace('http://', 'http://deskbell:hunter2-password@');
    await expect(t.server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: withPassword })).rejects.toThrow(/never in the URL/);
    const cli = await runCli(['import-faqs', '--campus', 'tunxis', '--libanswers', withPassword, '--db', t.dbPath]);
    expect(cli.code).toBe(2);
    expect(cli.err).toContain('never in the URL');
    expect(cli.err).not.toContain('hunter2');
    const db = new Database(t.dbPath, { readonly: true });
    try {
      expect(JSON.stringify(db.prepare('SELECT * FROM faq_imports').all())).not.toContain('hunter2');
    } finally {
      db.close();
    }
    await expect(startTestServer({ faqImports: { version: 1, imports: [{ campus: 'tunxis', source: { kind: 'libanswers', baseUrl: withPassword } }] } })).rejects.toThrow(/never in the URL/);
  }, 60_000);
});

describe('the changes feed and the CLI', () => {
  it('serves changes to signed-in desks only, page by page, and refuses bad parameters', async () => {
    await t.server.importFaqs('tunxis', { kind: 'csv', path: writeFile('tunxis.csv', CSV) });
    expect((await fetch(`${t.server.url}/api/faqs/changes?since=0`)).status).toBe(401);
    expect((await fetch(`${t.server.url}/api/faqs/changes?since=0`, { headers: { authorization: 'Bearer not-a-valid-session-token' } })).status).toBe(401);
    const op = await signInOperator(t, 'Reader');
    const first = await changes(0, op.token, 2);
    expect(first).toMatchObject({ next: 2, more: true });
    expect(await changes(first.next, op.token, 2)).toMatchObject({ next: 3, more: false });
    for (const query of ['since=-1', 'since=abc', 'since=1.5', 'limit=0', 'limit=-5', 'limit=2.5', 'since=0&limit=x']) {
      const response = await fetch(`${t.server.url}/api/faqs/changes?${query}`, { headers: { authorization: `Bearer ${op.token}` } });
      expect(response.status, query).toBe(400);
    }
    expect(op.snapshot.faqRev).toBe(3);
    // A limit past the backend's page cap is not refused, only capped (the desk follows `more`).
    expect(await changes(0, op.token, 99_999)).toMatchObject({ next: 3, more: false });
  });

  it('`import-faqs` imports into the database of a running server, whose desks hear of it', async () => {
    const op = await signInOperator(t, 'Reader', 'tunxis');
    const csv = writeFile('cli.csv', CSV);
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'import-faqs', ...args, '--db', t.dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += String(d)));
        child.stderr.on('data', (d) => (err += String(d)));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const first = await run(['--campus', 'tunxis', '--csv', csv]);
    expect(first).toMatchObject({ code: 0, out: 'tunxis: 3 added, 0 updated, 0 deleted, 0 unchanged (FAQ revision 3)\n' });
    await nextEvent(op.socket, 'faqs.changed', (e) => e.rev === 3);
    expect((await run(['--campus', 'tunxis', '--csv', csv])).out).toContain('0 added, 0 updated, 0 deleted, 3 unchanged');
    const bad = await run(['--campus', 'tunxis', '--csv', csv, '--json', csv]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('exactly one source');
    const unknown = await run(['--campus', 'atlantis', '--csv', csv]);
    expect(unknown.err).toContain('unknown campus "atlantis"');
  }, 60_000);
});
