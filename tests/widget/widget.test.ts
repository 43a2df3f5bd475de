import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCampuses, startServer } from '../../src/server';
import { waitFor } from '../support/wait';
import { OPERATOR_PROTOCOL_VERSION } from '../../src/shared/protocol';
import { command, inspectDb, nextEvent, openOperatorSocket, type SignedInOperator, signInOperator, startTestServer, type TestServer } from '../support/server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

let browser: Browser;
const pageErrors: string[] = [];

async function openWidget(t: TestServer, campus: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    pageErrors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    // A refused reconnect attempt while the server is down is logged by Chromium itself; anything else is a fault.
    if (message.type() === 'error' && !/WebSocket connection to .* failed/.test(message.text())) pageErrors.push(`console: ${message.text()}`);
  });
  await page.goto(`${t.server.url}/widget?campus=${campus}`);
  return page;
}

async function acked(op: SignedInOperator, cmd: object): Promise<void> {
  expect((await command(op, cmd)).type).toBe('ack');
}

async function startChat(page: Page, name: string, question: string): Promise<void> {
  await page.fill('#patron-name', name);
  await page.fill('#patron-question', question);
  await page.click('#start-chat');
}

describe.skipIf(!existsSync(CHROMIUM))('the patron widget in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    // No CSP violations, script errors or dialogs in any page.
    expect(pageErrors).toEqual([]);
  });

  it('an unknown campus shows a clear message and no form', async () => {
    const t = await startTestServer();
    try {
      const page = await openWidget(t, 'hogwarts');
      await page.waitForSelector('#notice:not([hidden])');
      expect(await page.textContent('#notice')).toContain('no library chat for “hogwarts”');
      expect(await page.isHidden('#start-form')).toBe(true);
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('a whole chat: start, claim, hostile text shown as text, reply, reload resumes, end', async () => {
    const t = await startTestServer();
    try {
      const ada = await signInOperator(t, 'Ada Lovelace');
      const page = await openWidget(t, 'gateway');
      expect(await page.textContent('#campus-name')).toBe('Gateway Campus Library');
      await startChat(page, 'Grace', 'Do you have <b>CINAHL</b>?');
      const created = await nextEvent(ada.socket, 'chat.created');
      expect(created.event.chat).toMatchObject({ patronName: 'Grace', question: 'Do you have <b>CINAHL</b>?', campus: 'gateway' });
      const chatId = created.event.chat.id;
      await page.waitForSelector('#status >> text=Waiting for a librarian');
      await page.waitForSelector('#messages [data-from=patron] >> text=Do you have <b>CINAHL</b>?');
      expect(await page.textContent('#encounter')).toContain(created.event.chat.encounterId);

      await acked(ada, { kind: 'claim', chatId });
      await page.waitForSelector('#status >> text=Ada Lovelace has joined');
      await acked(ada, { kind: 'send', chatId, text: HOSTILE });
      const hostile = page.locator('#messages [data-from=operator] .text');
      await hostile.waitFor();
      expect(await hostile.textContent()).toBe(HOSTILE);
      expect(await page.locator('#messages img, #messages script, #messages b').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

      await page.fill('#message-input', 'Thanks!\nIt is for nursing.');
      await page.click('#send');
      const said = await nextEvent(ada.socket, 'chat.message', (e) => e.message.from === 'patron' && e.message.seq > 1);
      expect(said.event.message.text).toBe('Thanks!\nIt is for nursing.');
      await page.waitForSelector(`#messages li[data-seq="${said.event.message.seq}"]:not([data-pending])`);

      // A reload resumes the same chat from session storage and shows the whole transcript again.
      await page.reload();
      await page.waitForSelector('#status >> text=Ada Lovelace has joined');
      await waitFor(async () => (await page.locator('#messages li').count()) === 3, 'the transcript after reload');
      expect(await page.locator('#messages li .text').allTextContents()).toEqual(['Do you have <b>CINAHL</b>?', HOSTILE, 'Thanks!\nIt is for nursing.']);
      expect(await page.isHidden('#start-form')).toBe(true);

      await acked(ada, { kind: 'end', chatId });
      await page.waitForSelector('#status >> text=This chat has ended.');
      expect(await page.isDisabled('#message-input')).toBe(true);
      // A new chat starts from a clean form.
      await page.click('#new-chat');
      await page.waitForSelector('#start-form:not([hidden])');
      expect(await page.locator('#messages li').count()).toBe(0);
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('a question typed only in the name box starts the chat and is its question; a bare name still needs a question', async () => {
    const t = await startTestServer();
    try {
      const ada = await signInOperator(t, 'Ada Names');
      const page = await openWidget(t, 'gateway');
      // A bare name and no question: the browser keeps the form (nothing is sent).
      await page.fill('#patron-name', 'Maya Lopez');
      await page.click('#start-chat');
      expect(await page.evaluate(() => document.querySelector<HTMLTextAreaElement>('#patron-question')!.validity.valueMissing)).toBe(true);
      expect(await page.isVisible('#start-form')).toBe(true);
      // The question in the name box, nothing below it: the chat starts, with that as its question.
      const asked = 'do you have the nursing textbook on reserve?';
      await page.fill('#patron-name', asked);
      await page.click('#start-chat');
      const created = await nextEvent(ada.socket, 'chat.created');
      expect(created.event.chat).toMatchObject({ question: asked, nameIsQuestion: true });
      await page.waitForSelector('#status >> text=Waiting for a librarian');
      expect(await page.locator('#messages li .text').allTextContents()).toEqual([asked]);
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('a name that would break a line (a pasted line separator, a direction override) is refused on the page with a clear message; nothing is sent', async () => {
    const t = await startTestServer();
    try {
      const db = inspectDb(t);
      try {
        const page = await openWidget(t, 'gateway');
        for (const name of ['Maya\u2028Email: attacker@example.com', 'Maya \u202Emoc.elpmaxe']) {
          await page.fill('#patron-name', name);
          await page.fill('#patron-question', 'Where are the nursing journals?');
          await page.click('#start-chat');
          await page.waitForSelector('#notice:not([hidden])');
          expect(await page.textContent('#notice')).toBe('Your name: name must be one line of plain text: no line breaks, tabs, control or text-direction characters');
          expect(await page.isVisible('#start-form')).toBe(true);
        }
        expect(db.db.prepare('SELECT COUNT(*) AS n FROM chats').get()).toEqual({ n: 0 });
        await page.close();
      } finally {
        db.close();
      }
    } finally {
      await t.close();
    }
  });

  it('after a long conversation, "This chat has ended" is in view where the patron is reading', async () => {
    const t = await startTestServer();
    try {
      const ada = await signInOperator(t, 'Ada Long');
      const page = await openWidget(t, 'gateway');
      await page.setViewportSize({ width: 420, height: 640 });
      await startChat(page, 'Grace', 'Where are the nursing journals?');
      const chatId = (await nextEvent(ada.socket, 'chat.created')).event.chat.id;
      await acked(ada, { kind: 'claim', chatId });
      for (let i = 1; i <= 30; i += 1) await acked(ada, { kind: 'send', chatId, text: `Step ${i}: a line of the long answer.` });
      await page.waitForSelector('#messages li >> text=Step 30: a line of the long answer.');
      await acked(ada, { kind: 'end', chatId });
      await page.waitForSelector('#status >> text=This chat has ended.');
      // Some element saying so is inside the viewport (the status line alone is at the top, scrolled away).
      const inView = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('#chat *')].some((el) => {
          if (!el.textContent?.trim().startsWith('This chat has ended') || el.offsetParent === null) return false;
          const box = el.getBoundingClientRect();
          return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      );
      expect(inView).toBe(true);
      // ...with the way to start again next to it.
      expect(await page.locator('#new-chat').isVisible()).toBe(true);
      const button = await page.locator('#new-chat').boundingBox();
      expect(button!.y + button!.height).toBeLessThanOrEqual(641); // a fraction of a pixel of layout rounding
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('the ticket offer shows both choices; keep waiting dismisses it; leave ends the chat', async () => {
    const t = await startTestServer({ timing: { ticketOfferAfterMs: 600 } });
    try {
      const ada = await signInOperator(t, 'Ada Ticket');
      const page = await openWidget(t, 'central');
      await startChat(page, 'Ty', 'Is the library open on Sunday?');
      const created = await nextEvent(ada.socket, 'chat.created');
      await page.waitForSelector('#ticket-offer:not([hidden])');
      expect(await page.textContent('#ticket-offer')).toContain('No librarian is free yet: leave a ticket or keep waiting');
      await page.click('#keep-waiting');
      await page.waitForSelector('#ticket-offer', { state: 'hidden' });
      expect(await page.textContent('#status')).toBe('Waiting for a librarian…');
      await page.click('#leave');
      await page.waitForSelector('#status >> text=This chat has ended.');
      const ended = await nextEvent(ada.socket, 'chat.ended', (e) => e.chatId === created.event.chat.id);
      expect(ended.event.reason).toBe('patron_left');
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('messages typed while the server is down are queued and sent once after it is back', async () => {
    const t = await startTestServer({ patronGraceMs: 60_000 });
    const port = t.server.port;
    let restarted: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      const ada = await signInOperator(t, 'Ada Outage');
      const page = await openWidget(t, 'gateway');
      await startChat(page, 'Olive', 'Where is the printer?');
      const created = await nextEvent(ada.socket, 'chat.created');
      await acked(ada, { kind: 'claim', chatId: created.event.chat.id });
      await page.waitForSelector('#status >> text=Ada Outage has joined');

      await t.server.close();
      await page.waitForSelector('#status >> text=Reconnecting…');
      await page.fill('#message-input', 'Are you still there?');
      await page.click('#send');
      expect(await page.getAttribute('#messages li:last-child', 'data-pending')).toBe('true');

      restarted = await startServer({ dbPath: t.dbPath, port, patronGraceMs: 60_000, log: () => {} });
      // The widget retries with growing backoff (up to 15 s): allow for a few of its attempts.
      await page.waitForSelector('#messages li[data-seq="2"]:not([data-pending])', { timeout: 45_000 });
      await page.waitForSelector('#status >> text=Ada Outage has joined');
      const db = inspectDb(t);
      try {
        expect(db.db.prepare('SELECT seq, from_kind, text FROM messages WHERE chat_id = ? ORDER BY seq').all(created.event.chat.id)).toEqual([
          { seq: 1, from_kind: 'patron', text: 'Where is the printer?' },
          { seq: 2, from_kind: 'patron', text: 'Are you still there?' },
        ]);
      } finally {
        db.close();
      }
      // The desk sees it too, once.
      const watcher = await signInOperator({ ...t, server: restarted }, 'Wes Watcher');
      expect(watcher.snapshot.chats.find((c) => c.id === created.event.chat.id)?.state).toBe('claimed');
      const history = await fetch(`${restarted.url}/api/chat-history?chat=${created.event.chat.id}`, { headers: { authorization: `Bearer ${watcher.token}` } });
      expect(((await history.json()) as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['Where is the printer?', 'Are you still there?']);
      watcher.socket.close();
      await page.close();
    } finally {
      await restarted?.close();
      await t.close();
    }
  });

  it('internal notes leave no gaps in the numbers the page holds; after a drop the resume from its cursor brings each missing line once', async () => {
    const t = await startTestServer({ patronGraceMs: 60_000 });
    try {
      const ada = await signInOperator(t, 'Ada Notes');
      const page = await browser.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // Between page and server: while `blocked`, the connection is cut and every new one refused.
      let blocked = false;
      const links: { page: { close(): Promise<void> }; server: { close(): Promise<void> } }[] = [];
      await page.routeWebSocket(/\/ws\/patron$/, (ws) => {
        if (blocked) return void ws.close();
        links.push({ page: ws, server: ws.connectToServer() });
      });
      await page.goto(`${t.server.url}/widget?campus=gateway`);
      await startChat(page, 'Nina', 'Any laptops to borrow?');
      const chatId = (await nextEvent(ada.socket, 'chat.created')).event.chat.id;
      await acked(ada, { kind: 'claim', chatId });
      await acked(ada, { kind: 'note.chat', chatId, text: 'INTERNAL: asked yesterday too' });
      await acked(ada, { kind: 'send', chatId, text: 'Yes, two left.' });
      await acked(ada, { kind: 'note.chat', chatId, text: 'INTERNAL: check the cart' });
      await acked(ada, { kind: 'note.chat', chatId, text: 'INTERNAL: cart checked' });
      await acked(ada, { kind: 'send', chatId, text: 'At the front desk.' });
      await page.waitForSelector('#messages li >> text=At the front desk.');
      const seqs = () => page.locator('#messages li').evaluateAll((items) => items.map((item) => (item instanceof HTMLElement ? item.dataset.seq : '')));
      expect(await seqs()).toEqual(['1', '2', '3']);

      blocked = true;
      for (const link of links.splice(0)) {
        await link.server.close();
        await link.page.close();
      }
      await page.waitForSelector('#status >> text=Reconnecting…');
      await acked(ada, { kind: 'note.chat', chatId, text: 'INTERNAL: she dropped' });
      await acked(ada, { kind: 'send', chatId, text: 'Still there?' });
      await acked(ada, { kind: 'note.chat', chatId, text: 'INTERNAL: holding one' });
      await acked(ada, { kind: 'send', chatId, text: 'I will hold one for you.' });
      blocked = false;
      // The widget retries with growing backoff (up to 15 s): allow for a few of its attempts.
      await page.waitForSelector('#messages li >> text=I will hold one for you.', { timeout: 45_000 });
      expect(await page.locator('#messages li .text').allTextContents()).toEqual(['Any laptops to borrow?', 'Yes, two left.', 'At the front desk.', 'Still there?', 'I will hold one for you.']);
      expect(await seqs()).toEqual(['1', '2', '3', '4', '5']);
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('a message typed while the server is down appears exactly once, even when its ack is lost and the resume replays it', async () => {
    const t = await startTestServer({ patronGraceMs: 60_000 });
    const port = t.server.port;
    let restarted: Awaited<ReturnType<typeof startServer>> | null = null;
    try {
      const ada = await signInOperator(t, 'Ada Again');
      const page = await browser.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // Between page and server: once armed, the first ack from the server is swallowed and the
      // connection cut, as when a link drops right after the server stored the line.
      let loseNextAck = false;
      let acksDelivered = 0;
      await page.routeWebSocket(/\/ws\/patron$/, (ws) => {
        const server = ws.connectToServer();
        server.onMessage((message) => {
          const type = typeof message === 'string' ? (JSON.parse(message) as { type?: string }).type : undefined;
          if (type === 'ack' && loseNextAck) {
            loseNextAck = false;
            server.close();
            ws.close();
            return;
          }
          if (type === 'ack') acksDelivered += 1;
          ws.send(message);
        });
      });
      await page.goto(`${t.server.url}/widget?campus=gateway`);
      await startChat(page, 'Otto', 'Is the scanner free?');
      const created = await nextEvent(ada.socket, 'chat.created');
      const chatId = created.event.chat.id;
      await acked(ada, { kind: 'claim', chatId });
      await page.waitForSelector('#status >> text=Ada Again has joined');

      await t.server.close();
      await page.waitForSelector('#status >> text=Reconnecting…');
      await page.fill('#message-input', 'Typed during the outage');
      await page.click('#send');
      expect(await page.getAttribute('#messages li:last-child', 'data-pending')).toBe('true');
      loseNextAck = true;

      restarted = await startServer({ dbPath: t.dbPath, port, patronGraceMs: 60_000, log: () => {} });
      // The first reconnect stores the line (its ack is lost); a later one replays it and gets the ack again.
      const db = inspectDb(t);
      try {
        await waitFor(() => db.db.prepare('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ? AND seq = 2').get(chatId), 'the line to be stored', 45_000);
      } finally {
        db.close();
      }
      await waitFor(() => !loseNextAck && acksDelivered > 0, 'the resent line to be acknowledged again', 45_000);
      await page.waitForSelector('#messages li[data-seq="2"]:not([data-pending])', { timeout: 45_000 });
      // A line from the desk after it: once it shows, every frame before it on the socket was handled.
      // (Ada's session outlives the restart: it is in the database.)
      const again = await openOperatorSocket(t);
      again.send({ type: 'hello', v: OPERATOR_PROTOCOL_VERSION, token: ada.token });
      await again.expect('welcome');
      await acked({ ...ada, socket: again }, { kind: 'send', chatId, text: 'Yes, it is free.' });
      await page.waitForSelector('#messages li[data-seq="3"]');
      expect(await page.locator('#messages li .text').allTextContents()).toEqual(['Is the scanner free?', 'Typed during the outage', 'Yes, it is free.']);
      expect(await page.locator('#messages li[data-pending]').count()).toBe(0);
      again.close();
      await page.close();
    } finally {
      await restarted?.close();
      await t.close();
    }
  });

  it('outside the chat hours: the chat is closed, a ticket is offered at once and lands in the campus queue', async () => {
    const closedAllWeek = { rota: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, seasons: [{ name: 'Closed', weekly: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] } }] };
    const t = await startTestServer({ campuses: defaultCampuses(), chatService: closedAllWeek, chatHours: 'directory' });
    try {
      const ada = await signInOperator(t, 'Ada Hours', 'tunxis');
      const page = await openWidget(t, 'tunxis');
      await page.waitForSelector('#ticket-form:not([hidden])');
      expect(await page.textContent('#notice')).toBe('Chat with a librarian is closed right now. Leave your question and your email below and a librarian from the Tunxis Campus Library will reply.');
      expect(await page.isHidden('#start-form')).toBe(true);
      expect(await page.isVisible('#ticket-name')).toBe(true);
      await page.fill('#ticket-name', 'Lee');
      await page.fill('#ticket-email', 'not an email');
      await page.fill('#ticket-question', 'Can alumni use the databases?');
      // The browser's own check stops a malformed address first; the page's schema check is the second line.
      await page.evaluate(() => document.querySelector<HTMLFormElement>('#ticket-form')?.requestSubmit());
      expect(await page.locator('#ticket-done').isHidden()).toBe(true);
      await page.fill('#ticket-email', 'lee@alumni.example.edu');
      await page.click('#send-ticket');
      await page.waitForSelector('#ticket-done:not([hidden])');
      const created = await nextEvent(ada.socket, 'ticket.created');
      expect(created.event.ticket).toMatchObject({ chatId: null, campus: 'tunxis', patronName: 'Lee', email: 'lee@alumni.example.edu', question: 'Can alumni use the databases?', createdBy: null });
      expect(await page.textContent('#ticket-done')).toBe(`Thank you, Lee. Your question is now ticket ${created.event.ticket.encounterId} for the Tunxis Campus Library; a librarian will reply to lee@alumni.example.edu. It may take a while.`);
      expect(await page.isHidden('#ticket-form')).toBe(true);
      await page.close();
    } finally {
      await t.close();
    }
  });

  it('a chat that dropped before a librarian came: on return the patron is offered the ticket, prefilled', async () => {
    const t = await startTestServer({ patronGraceMs: 300 });
    try {
      const ada = await signInOperator(t, 'Ada Drop', 'gateway');
      const page = await openWidget(t, 'gateway');
      await startChat(page, 'Noor', 'Is there a quiet study room?');
      const created = await nextEvent(ada.socket, 'chat.created');
      await page.waitForSelector('#status >> text=Waiting for a librarian');
      // The patron's page goes away (the tab's session storage stays), and the grace runs out.
      await page.goto('about:blank');
      const ended = await nextEvent(ada.socket, 'chat.ended', (e) => e.chatId === created.event.chat.id, 5_000);
      expect(ended.event.reason).toBe('patron_left');
      await page.goto(`${t.server.url}/widget?campus=gateway`);
      await page.waitForSelector('#ticket-form:not([hidden])');
      expect(await page.textContent('#ticket-intro')).toContain('disconnected before a librarian joined');
      expect(await page.inputValue('#ticket-question')).toBe('Is there a quiet study room?');
      expect(await page.isHidden('#ticket-name')).toBe(true);
      await page.fill('#ticket-email', 'noor@student.example.edu');
      await page.click('#send-ticket');
      await page.waitForSelector('#ticket-done:not([hidden])');
      const ticket = (await nextEvent(ada.socket, 'ticket.created')).event.ticket;
      expect(ticket).toMatchObject({ chatId: created.event.chat.id, encounterId: created.event.chat.encounterId, patronName: 'Noor', email: 'noor@student.example.edu' });
      await page.close();
    } finally {
      await t.close();
    }
  });
});
