/**
 * Patron feedback end to end in Chromium: at the end of an answered chat the patron rates it
 * (or skips); a second rating is refused; the librarian who held the chat sees it on the chat's
 * patron card, as text; their campus's administrator sees the count and average; another
 * campus's administrator sees neither.
 */
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/common';
import type { TestBackend } from '../support/backend';
import { e2ePages } from '../support/e2e-pages';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';

let browser: Browser;
let backend: TestBackend;
let ada: Librarian; // Tunxis, administrator: holds the chats
let bo: Librarian; // Gateway, administrator of another campus
const pages = e2ePages(() => browser);

beforeAll(async () => {
  const world = await startWorld({ beepIntervalMs: 7_000, urgentAfterMs: 20_000, ticketOfferAfterMs: 600_000 });
  backend = world.backend;
  backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: 'ada-password-123', role: 'admin' });
  backend.server.addOperator({ username: 'bo', name: 'Bo Diddley', campus: 'gateway', password: 'bo-password-123', role: 'admin' });
  [ada, bo, browser] = await Promise.all([startLibrarian(backend, 'ada', world.timing), startLibrarian(backend, 'bo', world.timing), launchChromium()]);
});

afterAll(async () => {
  await pages.closeAll();
  await browser?.close();
  await Promise.all([ada?.close(), bo?.close()]);
  await backend?.close();
});

/** The patron's saved chat (chat id and resume token), as the widget keeps it (sessionStorage) while the chat runs. */
const savedChat = (patron: Awaited<ReturnType<typeof pages.patronChat>>) =>
  patron.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const value = sessionStorage.getItem(sessionStorage.key(i) ?? '') ?? '';
      if (value.includes('"token"')) return JSON.parse(value) as { chatId: string; token: string };
    }
    return null;
  });

/** A second rating, from a raw socket with the resume token: the backend's answer. */
function rateAgain(chat: { chatId: string; token: string }): Promise<{ type: string; code?: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${backend.server.url.replace(/^http/, 'ws')}/ws/patron`);
    const id = 'rateagain12345';
    socket.on('open', () => socket.send(JSON.stringify({ type: 'rate', v: PROTOCOL_VERSION, id, chat, rating: 1, comment: 'again' })));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id?: string; code?: string };
      if (frame.id !== id) return;
      socket.close();
      resolve(frame);
    });
    socket.on('error', reject);
  });
}

describe('patron feedback', () => {
  it('rate, skip, rate twice refused; the holder sees it; the campus admin sees the average, another campus’s admin sees nothing', async () => {
    const adaPage = await pages.desk(ada);
    // One patron rates.
    const patron = await pages.patronChat(backend.server.url, 'tunxis', 'Maya', 'Can I renew a laptop loan?');
    const chatId = await pages.claim(adaPage, 'Can I renew a laptop loan?');
    const saved = await savedChat(patron);
    expect(saved?.chatId).toBe(chatId);
    expect((await ada.core.call('chat.send', { chatId, text: 'Yes: at the desk, for a week.' })).ok).toBe(true);
    expect((await ada.core.call('chat.end', { chatId })).ok).toBe(true);
    await patron.getByTestId('rating-form').waitFor();
    await patron.getByTestId('rating-send').click();
    expect(await patron.getByTestId('rating-error').textContent()).toContain('Pick a rating');
    await patron.setViewportSize({ width: 420, height: 640 });
    await patron.getByTestId('rating-4').check();
    await patron.screenshot({ path: '.tmp/feedback-widget.png' });
    await patron.getByTestId('rating-comment').fill('Very helpful <b>thanks</b>');
    await patron.getByTestId('rating-send').click();
    await expect.poll(() => patron.getByTestId('rating-done').textContent()).toBe('Thank you for your rating!');
    expect(await patron.getByTestId('rating-form').isHidden()).toBe(true);
    // A second rating of the same chat is refused by the backend.
    expect(await rateAgain({ chatId, token: saved?.token ?? '' })).toMatchObject({ type: 'error', code: 'conflict' });

    // Another patron skips: nothing is stored.
    const skipper = await pages.patronChat(backend.server.url, 'tunxis', 'Lee', 'Is the library open Sunday?');
    const skipped = await pages.claim(adaPage, 'Is the library open Sunday?');
    expect((await ada.core.call('chat.end', { chatId: skipped })).ok).toBe(true);
    await skipper.getByTestId('rating-skip').click();
    await expect.poll(() => skipper.getByTestId('rating-done').textContent()).toContain('Thank you for chatting');

    // The holder sees the rating on the ended chat's patron card, the comment as text.
    await adaPage.click(`[data-testid=chat-tab][data-chat-id="${chatId}"]`).catch(async () => {
      await adaPage.locator('[data-testid=ended-fold] summary').first().click();
      await adaPage.click(`[data-testid=chat-${chatId}] button`);
    });
    const rating = adaPage.getByTestId('chat-rating');
    await rating.waitFor();
    expect(await rating.getAttribute('data-rating')).toBe('4');
    expect(await adaPage.getByTestId('chat-rating-comment').textContent()).toBe('“Very helpful <b>thanks</b>”');
    expect(await rating.locator('b').count()).toBe(0);

    // Ada administers Tunxis: one chat rated, average 4.
    await adaPage.click('[data-testid=open-menu]');
    await adaPage.click('[data-testid=open-ratings]');
    await expect.poll(() => adaPage.getByTestId('ratings-average').textContent()).toBe('1 chat rated, average 4.00 of 5');
    await adaPage.screenshot({ path: '.tmp/feedback-ratings.png' });
    expect(await adaPage.locator('[data-testid=ratings-table] tr[data-rating="4"] td').textContent()).toBe('1');
    expect(await adaPage.getByTestId('rating-comment').textContent()).toContain('Very helpful <b>thanks</b>');

    // Bo administers Gateway: neither the chat's rating nor Tunxis's figures.
    const refused = await bo.core.call('feedback.ofChat', { chatId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');
    const boPage = await pages.desk(bo);
    await boPage.click('[data-testid=open-menu]');
    await boPage.click('[data-testid=open-ratings]');
    await expect.poll(() => boPage.getByTestId('ratings-average').textContent()).toBe('No chat rated in this range.');
    expect(await boPage.locator('[data-testid=rating-comment]').count()).toBe(0);
    expect(pages.problems).toEqual([]);
  });
});
