/**
 * The hand-offs end to end in Chromium, three pages each in its own browser context: a Tunxis
 * patron at the widget, librarian A at Capital and librarian B at Tunxis, each at their own
 * desk (a main core signed in to one real backend, served by the browser shell). A local SMTP
 * server takes Tunxis's ticket mail.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Librarian, launchChromium, soundsPlayed, startLibrarian, startWorld } from '../support/harness';
import type { TestBackend } from '../support/backend';
import { e2ePages } from '../support/e2e-pages';
import { TestSmtpServer } from '../support/smtp-server';
import { waitFor } from '../support/wait';

// Shortened workflow timings; the real ones are 7 s, 20 s and 60 s (the 60 s offer at 5 s here).
const TIMING = { beepIntervalMs: 1_000, urgentAfterMs: 3_000, ticketOfferAfterMs: 5_000 };
const ACCEPT_MS = 8_000;

let browser: Browser;
let backend: TestBackend;
let smtp: TestSmtpServer;
let ada: Librarian; // Capital
let bo: Librarian; // Tunxis
let boId = '';

const pages = e2ePages(() => browser, { width: 1400, height: 900 });
const { desk, claim, problems } = pages;
const patronChat = (name: string, question: string) => pages.patronChat(backend.server.url, 'tunxis', name, question);

const played = async (librarian: Librarian, sound: string) => (await soundsPlayed(librarian)).filter((s) => s.sound === sound).length;

beforeAll(async () => {
  smtp = new TestSmtpServer();
  await smtp.start(0);
  const world = await startWorld(TIMING, {
    transferAcceptMs: ACCEPT_MS,
    smtp: { host: '127.0.0.1', port: smtp.port, user: smtp.user, password: smtp.password, from: 'deskbell@library.example.edu' },
    ticketDelivery: { version: 1, campuses: [{ campus: 'tunxis', email: 'tunxis-tickets@library.example.edu' }] },
    ticketOutbox: { retryBaseMs: 200, retryCapMs: 1_000, maxAttempts: 50 },
  });
  backend = world.backend;
  world.addOperator('ada', 'Ada Lovelace', 'capital');
  boId = world.addOperator('bo', 'Bo Diddley', 'tunxis').id;
  [ada, bo, browser] = await Promise.all([startLibrarian(backend, 'ada', world.timing), startLibrarian(backend, 'bo', world.timing), launchChromium()]);
});

afterAll(async () => {
  await pages.closeAll();
  await browser?.close();
  await Promise.all([ada?.close(), bo?.close()]);
  await backend?.close();
  await smtp?.stop();
});

describe('hand-offs in Chromium: a patron, A at Capital, B at Tunxis', () => {
  it('A asks B internally; B replies; A transfers; B accepts; the patron sees the notice and keeps chatting with B; A’s pane closes', async () => {
    const [adaPage, boPage] = await Promise.all([desk(ada), desk(bo)]);
    const patron = await patronChat('Maya', 'Can I get CINAHL from home?');
    const chatId = await claim(adaPage, 'Can I get CINAHL from home?');
    await adaPage.fill('[data-testid=composer]', 'Hi Maya! Let me find a Tunxis librarian for you.');
    await adaPage.click('[data-testid=send]');
    await patron.waitForSelector('#messages [data-from=operator] >> text=Let me find a Tunxis librarian');

    // Who is on: B, at Tunxis, holding no chat.
    await adaPage.click('[data-testid=open-who]');
    const boRow = adaPage.locator(`[data-testid=who-${boId}]`);
    await boRow.waitFor();
    expect(await boRow.getAttribute('data-presence')).toBe('online');
    expect(await boRow.locator('[data-testid=who-load]').textContent()).toBe('0 chats');
    expect(await adaPage.locator('[data-testid^=who-campus-]').first().getAttribute('data-testid')).toBe('who-campus-capital');

    // The transfer dialog: B listed under the patron's campus; A asks first.
    await adaPage.click('[data-testid=open-transfer]');
    const dialog = adaPage.locator('[data-testid=transfer-dialog]');
    await dialog.waitFor();
    expect(await dialog.locator(`[data-testid=transfer-to-${boId}]`).textContent()).toContain('Tunxis Campus Library (patron’s campus)');
    await dialog.locator(`[data-testid=transfer-to-${boId}]`).click();
    const notesBefore = await played(bo, 'note');
    await dialog.locator('[data-testid=note-input]').fill('Can you take a Tunxis chat? Nursing student, needs CINAHL from home.');
    await dialog.locator('[data-testid=note-send]').click();

    // B hears the note's own sound, sees the unread count, and replies in one click.
    await waitFor(async () => (await played(bo, 'note')) > notesBefore, 'the note sound at B');
    await boPage.locator('[data-testid=badge-notes]').waitFor();
    expect(await boPage.locator('[data-testid=badge-notes]').textContent()).toBe('1');
    await boPage.click('[data-testid=open-notes]');
    await boPage.click('[data-testid="thread-op:' + (await adaId(adaPage)) + '"]');
    const asked = boPage.locator('[data-testid=note]', { hasText: 'Can you take a Tunxis chat?' });
    await asked.waitFor();
    expect(await asked.locator('[data-testid=note-about]').textContent()).toContain('Maya');
    await asked.locator('[data-testid=reply-yes]').click();
    await boPage.locator('[data-testid=badge-notes]').waitFor({ state: 'detached' });

    // A sees the reply in the dialog, and offers the chat.
    await dialog.locator('[data-testid=note]', { hasText: 'Yes, send it over.' }).waitFor();
    await dialog.locator('[data-testid=offer-note]').fill('Nursing student; wants CINAHL off campus.');
    const offersBefore = await played(bo, 'transfer');
    await dialog.locator('[data-testid=offer-transfer]').click();
    await dialog.locator('[data-testid=offer-pending]').waitFor();

    // B: a distinct sound, and the offer at the top of the desk.
    await waitFor(async () => (await played(bo, 'transfer')) > offersBefore, 'the transfer sound at B');
    const incoming = boPage.locator('[data-testid=incoming-offer]');
    await incoming.waitFor();
    expect(await incoming.textContent()).toContain('Ada Lovelace (Capital Campus Library) offers you a chat with Maya from the Tunxis Campus Library');
    expect(await incoming.locator('[data-testid=offer-note-shown]').textContent()).toBe('Note: Nursing student; wants CINAHL off campus.');
    await incoming.locator('[data-testid=accept-offer]').click();

    // B holds the chat with its whole history; A's pane closed.
    const boPane = boPage.locator(`[data-testid=chat-pane][data-chat-id="${chatId}"]`);
    await boPane.waitFor();
    await boPane.locator('[data-testid=message]', { hasText: 'Can I get CINAHL from home?' }).waitFor();
    await boPane.locator('[data-testid=message]', { hasText: 'Let me find a Tunxis librarian' }).waitFor();
    await adaPage.locator(`[data-testid=chat-pane][data-chat-id="${chatId}"]`).waitFor({ state: 'detached' });
    expect(await adaPage.locator('[data-testid=transfer-dialog]').count()).toBe(0);

    // The patron is told who and from which campus, and keeps chatting, now with B.
    await patron.waitForSelector('#messages >> text=Bo Diddley from the Tunxis Campus Library is taking over this chat now.');
    await patron.waitForSelector('#status >> text=Bo Diddley has joined');
    await patron.fill('#message-input', 'Thanks! I am off campus.');
    await patron.click('#send');
    await boPane.locator('[data-testid=message][data-from=patron]', { hasText: 'I am off campus' }).waitFor();
    await boPage.fill('[data-testid=composer]', 'Hi Maya, Bo here: sign in with your NetID first.');
    await boPage.click('[data-testid=send]');
    await patron.waitForSelector('#messages [data-from=operator] >> text=Bo here');
    // The whole desk sees who has it now.
    await expect.poll(() => adaPage.locator(`[data-testid=chat-${chatId}] [data-testid=claimed-by]`).textContent()).toBe('Claimed by Bo Diddley');
    await boPage.click('[data-testid=end-chat]');
    await boPage.click('[data-testid=end-chat]');
    await patron.waitForSelector('#status >> text=/ended/');
    await Promise.all([adaPage.close(), boPage.close(), patron.close()]);
  });

  it('a decline, and a timeout, return the chat to A', async () => {
    const [adaPage, boPage] = await Promise.all([desk(ada), desk(bo)]);
    const patron = await patronChat('Sam', 'Do you have the Bio 101 textbook on reserve?');
    const chatId = await claim(adaPage, 'Do you have the Bio 101 textbook on reserve?');

    await adaPage.click('[data-testid=open-transfer]');
    const dialog = adaPage.locator('[data-testid=transfer-dialog]');
    await dialog.locator(`[data-testid=transfer-to-${boId}]`).click();
    await dialog.locator('[data-testid=offer-transfer]').click();
    const incoming = boPage.locator('[data-testid=incoming-offer]');
    await incoming.locator('[data-testid=decline-offer]').click();
    await incoming.locator('[data-testid=decline-reason]').fill('at the desk with a class');
    await incoming.locator('[data-testid=confirm-decline]').click();
    await incoming.waitFor({ state: 'detached' });
    const closed = dialog.locator('[data-testid=offer-closed]');
    await closed.waitFor();
    expect(await closed.getAttribute('data-state')).toBe('declined');
    expect(await closed.textContent()).toContain('Bo Diddley: declined (“at the desk with a class”). The chat is still yours.');
    await adaPage.locator('[data-testid=notice]', { hasText: 'Bo Diddley declined the transfer' }).waitFor();

    // Offered again, and left unanswered: it runs out, and the chat is still A's.
    await dialog.locator(`[data-testid=transfer-to-${boId}]`).click();
    await dialog.locator('[data-testid=offer-transfer]').click();
    await dialog.locator('[data-testid=offer-pending]').waitFor();
    await incoming.waitFor();
    await expect.poll(() => closed.getAttribute('data-state'), { timeout: ACCEPT_MS + 5_000 }).toBe('expired');
    await incoming.waitFor({ state: 'detached' });
    expect(await closed.textContent()).toContain('did not answer in time');
    await adaPage.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const pane = adaPage.locator(`[data-testid=chat-pane][data-chat-id="${chatId}"]`);
    await adaPage.fill('[data-testid=composer]', 'Still here with you, Sam.');
    await adaPage.click('[data-testid=send]');
    await patron.waitForSelector('#messages [data-from=operator] >> text=Still here with you');
    expect(await pane.count()).toBe(1);
    await adaPage.click('[data-testid=end-chat]');
    await adaPage.click('[data-testid=end-chat]');
    await Promise.all([adaPage.close(), boPage.close(), patron.close()]);
  });

  it('a ticket: the last-resort guard while B is online; straight through once nobody of Tunxis is; the patron told; in Tunxis’s list and the SMTP inbox', async () => {
    const [adaPage, boPage] = await Promise.all([desk(ada), desk(bo)]);
    const patron = await patronChat('Ravi', 'Can I borrow a laptop over the weekend?');
    const chatId = await claim(adaPage, 'Can I borrow a laptop over the weekend?');

    await adaPage.click('[data-testid=open-ticket]');
    const guard = adaPage.locator('[data-testid=ticket-guard]');
    await guard.waitFor();
    expect(await guard.textContent()).toContain('Bo Diddley');
    // "Transfer instead" leads to the transfer dialog.
    await guard.locator('[data-testid=guard-transfer]').click();
    await adaPage.locator('[data-testid=transfer-dialog]').waitFor();
    await adaPage.keyboard.press('Escape');

    // Nobody of Tunxis online now.
    await boPage.selectOption('[data-testid=my-presence] select', 'offline');
    await expect.poll(() => adaPage.locator(`[data-testid=who-${boId}]`).count()).toBe(0);
    await adaPage.click('[data-testid=open-ticket]');
    const form = adaPage.locator('[data-testid=ticket-dialog]');
    await form.locator('[data-testid=make-ticket]').waitFor();
    expect(await adaPage.locator('[data-testid=ticket-guard]').count()).toBe(0);
    // No email yet: one click asks the patron for it.
    await form.locator('[data-testid=ask-email]').click();
    await patron.waitForSelector('#messages >> text=Could you give me your email address?');
    await patron.fill('#message-input', 'Sure: ravi.k@student.example.edu');
    await patron.click('#send');
    await adaPage.locator('[data-testid=message][data-from=patron]', { hasText: 'ravi.k@student.example.edu' }).waitFor();
    await adaPage.keyboard.press('Escape');
    await adaPage.click('[data-testid=open-ticket]');
    // The email the patron typed is picked up from the chat.
    expect(await form.locator('[data-testid=ticket-email]').inputValue()).toBe('ravi.k@student.example.edu');
    await form.locator('[data-testid=make-ticket]').click();
    await form.waitFor({ state: 'detached' });

    const encounterId = (await patron.textContent('#encounter'))?.replace('Reference: ', '') ?? '';
    await patron.waitForSelector(`#messages >> text=I have made a ticket for the Tunxis Campus Library (reference ${encounterId}). A librarian there will reply to ravi.k@student.example.edu.`);
    await patron.waitForSelector(`#status >> text=This chat is now ticket ${encounterId}`);

    // In Tunxis's ticket list, with its transcript; and mailed to Tunxis's ticket address.
    await adaPage.click('[data-testid=open-tickets]');
    await adaPage.selectOption('[data-testid=tickets-campus]', 'tunxis');
    await adaPage.click(`[data-testid=ticket-${encounterId}]`);
    const view = adaPage.locator('[data-testid=ticket-view]');
    await view.locator('[data-testid=ticket-transcript]', { hasText: 'Can I borrow a laptop over the weekend?' }).waitFor();
    expect(await view.locator('[data-testid=ticket-email-shown]').textContent()).toBe('ravi.k@student.example.edu');
    await expect.poll(() => view.locator('[data-testid=delivery-email]').getAttribute('data-state'), { timeout: 10_000 }).toBe('sent');
    const mail = await waitFor(() => smtp.inbox.find((m) => m.subject.includes(encounterId)), 'the ticket mail');
    expect(mail.rcptTo).toEqual(['tunxis-tickets@library.example.edu']);
    expect(mail.text).toContain('Ravi: Can I borrow a laptop over the weekend?');
    expect(await view.locator('[data-testid=ticket-mailto]').getAttribute('href')).toMatch(/^mailto:tunxis-tickets%40library\.example\.edu\?subject=Ticket%20ENC-/);
    // Closed with a note.
    await view.locator('[data-testid=ticket-close-input]').fill('Laptops: answered by email.');
    await view.locator('[data-testid=ticket-close]').click();
    await expect.poll(() => view.getAttribute('data-status')).toBe('closed');
    expect(await view.locator('[data-testid=ticket-close-note]').textContent()).toContain('Laptops: answered by email.');
    expect(chatId).not.toBe('');

    await boPage.selectOption('[data-testid=my-presence] select', 'online');
    await Promise.all([adaPage.close(), boPage.close(), patron.close()]);
  });

  it('at the 60 s offer (5 s here) the patron leaves a ticket, and the chat leaves every board', async () => {
    const [adaPage, boPage] = await Promise.all([desk(ada), desk(bo)]);
    const patron = await patronChat('Noor', 'Is there a quiet study room free this afternoon?');
    for (const page of [adaPage, boPage]) await page.locator('[data-testid^=chat-][data-state=waiting]', { hasText: 'quiet study room' }).waitFor();
    await patron.waitForSelector('#ticket-offer:not([hidden])', { timeout: 15_000 });
    await patron.click('#leave-ticket');
    expect(await patron.inputValue('#ticket-question')).toBe('Is there a quiet study room free this afternoon?');
    await patron.fill('#ticket-email', 'noor@student.example.edu');
    await patron.click('#send-ticket');
    await patron.waitForSelector('#ticket-done:not([hidden])');
    expect(await patron.textContent('#ticket-done')).toMatch(/^Thank you, Noor\. Your question is now ticket ENC-\d{8}-\w{6} for the Tunxis Campus Library; a librarian will reply to noor@student.example.edu\./);
    for (const page of [adaPage, boPage]) {
      await page.locator('[data-testid^=chat-]', { hasText: 'quiet study room' }).filter({ has: page.locator('[data-testid=claim]') }).waitFor({ state: 'detached' });
      expect(await page.locator('[data-testid^=chat-][data-state=waiting]', { hasText: 'quiet study room' }).count()).toBe(0);
    }
    await boPage.click('[data-testid=open-tickets]');
    await boPage.locator('[data-testid^=ticket-ENC-]', { hasText: 'quiet study room' }).waitFor();
    expect(problems).toEqual([]);
    await Promise.all([adaPage.close(), boPage.close(), patron.close()]);
  });
});

/** A's operator id, as A's own desk knows it (for the name of B's thread with A). */
async function adaId(adaPage: Page): Promise<string> {
  const outcome = await ada.core.call('session.get', {});
  if (!outcome.ok || !outcome.value.operator) throw new Error(`no session: ${adaPage.url()}`);
  return outcome.value.operator.id;
}
