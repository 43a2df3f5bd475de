/**
 * The desk shows a ticket's LibAnswers address as a link only when it is https, in Chromium: the
 * backend checks what LibAnswers sends (tests/tickets/libanswers-forwarding.test.ts), and the desk
 * checks again what it is given, so a data: or http: address stored before the backend's check
 * never becomes a link. Three patron tickets are forwarded to the local LibAnswers server; two of
 * the stored addresses are then changed as an older backend would have kept them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertTiming } from '../../src/shared/alerts';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import type { TestBackend } from '../support/backend';
import { e2ePages } from '../support/e2e-pages';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';
import { FakeLibAnswers } from '../support/libanswers-server';
import { waitFor } from '../support/wait';

let browser: Browser;
let backend: TestBackend;
let ada: Librarian;
let libanswers: FakeLibAnswers;
let secretsDir: string;
let timing: AlertTiming;

const pages = e2ePages(() => browser, { width: 1400, height: 900 });

/** A patron's ticket from the chat page's form, over a real patron socket; its encounter id. */
async function patronTicket(question: string): Promise<string> {
  const socket = new WebSocket(`${backend.server.url.replace(/^http/, 'ws')}/ws/patron`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const id = `ticket-${Math.random().toString(36).slice(2)}`;
  const made = new Promise<string>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: string; encounterId?: string };
      if (frame.id !== id) return;
      if (frame.type === 'ticket_made' && frame.encounterId) resolve(frame.encounterId);
      else reject(new Error(`ticket refused: ${data.toString()}`));
    });
  });
  socket.send(JSON.stringify({ type: 'ticket', v: PROTOCOL_VERSION, id, campus: 'tunxis', name: 'Lee Patron', email: 'lee@student.example.edu', question }));
  try {
    return await made;
  } finally {
    socket.close();
  }
}

beforeAll(async () => {
  secretsDir = mkdtempSync(join(tmpdir(), 'deskbell-secrets-'));
  const credentialsFile = join(secretsDir, 'libanswers.json');
  writeFileSync(credentialsFile, JSON.stringify({ clientId: 'deskbell-tickets', clientSecret: 'la-secret-for-tests' }), { mode: 0o600 });
  libanswers = new FakeLibAnswers('deskbell-tickets', 'la-secret-for-tests');
  await libanswers.start(0);
  const world = await startWorld(
    {},
    {
      ticketDelivery: { version: 1, campuses: [{ campus: 'tunxis', libanswers: { baseUrl: libanswers.url, queueId: 4242, credentials: { file: credentialsFile } } }] },
      ticketOutbox: { retryBaseMs: 200, retryCapMs: 1_000, maxAttempts: 50 },
    },
  );
  backend = world.backend;
  timing = world.timing;
  world.addOperator('ada', 'Ada Lovelace', 'tunxis');
  browser = await launchChromium();
});

afterAll(async () => {
  await pages.closeAll();
  await browser?.close();
  await ada?.close();
  await backend?.close();
  await libanswers?.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

describe('a ticket’s LibAnswers link on the desk', () => {
  it('is a link for an https address, and plain text for a data: or http: one', async () => {
    const good = await patronTicket('Is the Bio 101 textbook on reserve?');
    const data = await patronTicket('Can I print in color?');
    const http = await patronTicket('Do you have the NCLEX review book?');
    await waitFor(() => libanswers.tickets.length === 3, 'three tickets forwarded');
    // Kept as an older backend, which did not check what LibAnswers sent, would have kept them.
    const db = new Database(join(backend.dir, 'desk.db'));
    try {
      const sent = () => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ticket_outbox WHERE channel = 'libanswers' AND state = 'sent'`).get()?.n ?? 0;
      await waitFor(() => sent() === 3, 'three deliveries marked sent');
      const keep = db.prepare(`UPDATE ticket_outbox SET result = ? WHERE channel = 'libanswers' AND ticket_id = (SELECT id FROM tickets WHERE encounter_id = ?)`);
      expect(keep.run('data:text/html,<script>alert(1)</script>', data).changes).toBe(1);
      expect(keep.run(`http://127.0.0.1:${libanswers.port}/admin/ticket?qid=9`, http).changes).toBe(1);
    } finally {
      db.close();
    }

    // The librarian signs in after: their desk's first snapshot carries the stored addresses.
    ada = await startLibrarian(backend, 'ada', timing);
    const page = await pages.desk(ada);
    await page.click('[data-testid=open-tickets]');
    await page.selectOption('[data-testid=tickets-campus]', 'tunxis');
    const view = page.locator('[data-testid=ticket-view]');
    const delivery = view.locator('[data-testid=delivery-libanswers]');

    const shown = async (encounterId: string) => {
      await page.click(`[data-testid=ticket-${encounterId}]`);
      await view.locator('h2', { hasText: encounterId }).waitFor();
      await expect.poll(() => delivery.getAttribute('data-state')).toBe('sent');
      return { links: await delivery.locator('a').count(), href: await delivery.locator('a').first().getAttribute('href', { timeout: 500 }).catch(() => null) };
    };

    const goodShown = await shown(good);
    expect(goodShown.links).toBe(1);
    expect(goodShown.href).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/admin\/ticket\?qid=\d+$/);
    await page.click('[data-testid=tickets-back]');
    expect(await shown(data)).toEqual({ links: 0, href: null });
    await page.click('[data-testid=tickets-back]');
    expect(await shown(http)).toEqual({ links: 0, href: null });
    expect(await page.locator('a[href^="data:"], a[href^="http:"]').count()).toBe(0);
    expect(pages.problems).toEqual([]);
  });
});
