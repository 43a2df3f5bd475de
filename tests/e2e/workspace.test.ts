/**
 * The conversation workspace as a librarian uses it, in Chromium through the browser shell,
 * with real patrons in the widget: the name-box question and the name set, a greeting
 * template, labelled links, the dead-air nudge, a crisis resource, an abusive chat ended under
 * the policy with its incident report, two chats in tabs, and an ended chat found again after a reload.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../support/backend';
import { type Librarian, launchChromium, startLibrarian, startWorld } from '../support/harness';
import { waitFor } from '../support/wait';

let browser: Browser;
let backend: TestBackend;
let ada: Librarian; // Tunxis, admin
let bo: Librarian; // Gateway
const problems: string[] = [];

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  return page;
}

async function patronStarts(name: string, question: string, campus = 'tunxis'): Promise<Page> {
  const patron = await openPage(`${backend.server.url}/widget?campus=${campus}`);
  await patron.fill('#patron-name', name);
  await patron.fill('#patron-question', question);
  await patron.click('#start-chat');
  await patron.waitForSelector('#status >> text=/Waiting/');
  return patron;
}

async function desk(librarian: Librarian): Promise<Page> {
  const page = await openPage(librarian.bridge.operatorUrl);
  await page.waitForSelector('[data-testid=board]');
  return page;
}

const card = (page: Page, text: string) => page.locator('[data-testid^=chat-]', { hasText: text });
const pane = (page: Page) => page.locator('[data-testid=chat-pane]');

async function claim(page: Page, text: string): Promise<void> {
  await card(page, text).locator('[data-testid=claim]').click();
  const anyway = card(page, text).locator('[data-testid=claim-anyway]');
  if (await anyway.count()) await anyway.click();
  await pane(page).locator('[data-testid=message]', { hasText: text }).first().waitFor();
}

async function say(patron: Page, text: string): Promise<void> {
  await patron.fill('#message-input', text);
  await patron.click('#send');
}

beforeAll(async () => {
  const world = await startWorld();
  backend = world.backend;
  backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: 'ada-password-123', role: 'admin' });
  world.addOperator('bo', 'Bo Librarian', 'gateway');
  [ada, bo, browser] = await Promise.all([startLibrarian(backend, 'ada', world.timing), startLibrarian(backend, 'bo', world.timing), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([ada?.close(), bo?.close()]);
  await backend?.close();
});

describe('the conversation workspace, in Chromium', () => {
  it('the name-box question is the question, first in the transcript; the librarian asks the name and sets it, and every desk shows it', async () => {
    const adaPage = await desk(ada);
    const boPage = await desk(bo);
    const patron = await patronStarts('how do I find nursing articles in CINAHL?', 'for my NUR 101 class');
    await claim(adaPage, 'CINAHL');
    const lines = pane(adaPage).locator('[data-testid=message]');
    expect(await lines.nth(0).locator('.text').textContent()).toBe('how do I find nursing articles in CINAHL?');
    expect(await lines.nth(1).locator('.text').textContent()).toBe('for my NUR 101 class');
    await expect.poll(() => pane(adaPage).locator('[data-testid=name-question]').textContent()).toContain('how do I find nursing articles in CINAHL?');
    expect(await pane(adaPage).locator('[data-testid=patron-card-name]').textContent()).toBe('Name not given');

    await pane(adaPage).locator('[data-testid=ask-name]').click();
    await patron.waitForSelector('#messages [data-from=operator] >> text=/May I have your name/');
    expect(await patron.locator('#messages [data-from=operator]').last().textContent()).toContain('I’m Ada');
    await say(patron, 'I’m Maya, maya.lopez@student.ctstate.edu');
    // The email the patron wrote is offered with one click; the name is set by hand.
    await pane(adaPage).locator('[data-testid=keep-email]').click();
    await expect.poll(() => pane(adaPage).locator('[data-testid=patron-email]').textContent()).toContain('maya.lopez@student.ctstate.edu');
    await pane(adaPage).locator('[data-testid=edit-patron]').click();
    await adaPage.fill('[data-testid=patron-name-input]', 'Maya Lopez');
    await adaPage.click('[data-testid=patron-save]');
    await expect.poll(() => pane(adaPage).locator('[data-testid=patron-card-name]').textContent()).toBe('Maya Lopez');
    await expect.poll(() => adaPage.locator('[data-testid=chat-tab]').first().textContent()).toContain('Maya Lopez');
    await expect.poll(() => card(boPage, 'CINAHL').locator('.patron-name').textContent()).toBe('Maya Lopez');
    await adaPage.screenshot({ path: '.tmp/workspace-name.png' });

    // A greeting template by its slash shortcut, filled for Maya by Ada.
    const composer = pane(adaPage).locator('[data-testid=composer]');
    await composer.fill('/hi');
    await adaPage.waitForSelector('[data-testid=template-picker] [data-template="greeting.by-name"]');
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Hi Maya Lopez! I’m Ada, a librarian. Let me take a look at your question.');
    await composer.press('Enter');
    await patron.waitForSelector('#messages [data-from=operator] >> text=Hi Maya Lopez! I’m Ada, a librarian.');
    expect(await composer.inputValue()).toBe('');
    await Promise.all([adaPage.close(), boPage.close(), patron.close()]);
  });

  it('a bare link is flagged and labelled in one click; the link dialog needs a label; patron and board show labelled links only', async () => {
    const adaPage = await desk(ada);
    const patron = await patronStarts('Jo', 'Where do I request a book from another library?');
    await claim(adaPage, 'another library');
    const composer = pane(adaPage).locator('[data-testid=composer]');
    await composer.fill('Use this form: https://library.ctstate.edu/tunxis/interlibrary-loan');
    await adaPage.waitForSelector('[data-testid=bare-link-flag]');
    // Enter with a bare link only warns; the one-click fix labels it.
    await composer.press('Enter');
    await adaPage.waitForSelector('[data-testid=draft-warnings]');
    await pane(adaPage).locator('[data-testid=label-link]').click();
    await expect.poll(() => composer.inputValue()).toBe('Use this form: [Interlibrary loan (library.ctstate.edu)](https://library.ctstate.edu/tunxis/interlibrary-loan)');
    expect(await adaPage.locator('[data-testid=bare-link-flag]').count()).toBe(0);
    // The dialog refuses a link without a label.
    await composer.press('End');
    await composer.type(' or ');
    await pane(adaPage).locator('[data-testid=insert-link]').click();
    await adaPage.fill('[data-testid=link-url]', 'https://library.ctstate.edu/tunxis/contact');
    // Leaving the address suggests a label; emptied, the link cannot be inserted.
    await adaPage.focus('[data-testid=link-label]');
    await expect.poll(() => adaPage.inputValue('[data-testid=link-label]')).toBe('Contact (library.ctstate.edu)');
    await adaPage.fill('[data-testid=link-label]', '');
    await adaPage.click('[data-testid=link-insert]');
    await adaPage.waitForSelector('[data-testid=link-error] >> text=/label/');
    await adaPage.fill('[data-testid=link-label]', 'ask us by email');
    await adaPage.click('[data-testid=link-insert]');
    await expect.poll(() => composer.inputValue()).toContain('or [ask us by email](https://library.ctstate.edu/tunxis/contact)');
    await composer.press('Enter');
    const links = patron.locator('#messages [data-from=operator] a[data-testid=message-link]');
    await expect.poll(() => links.count()).toBe(2);
    expect(await links.allTextContents()).toEqual(['Interlibrary loan (library.ctstate.edu)', 'ask us by email']);
    expect(await links.first().getAttribute('href')).toBe('https://library.ctstate.edu/tunxis/interlibrary-loan');
    expect(await patron.locator('#messages').textContent()).not.toContain('](');
    expect(await pane(adaPage).locator('[data-from=operator] a[data-testid=message-link]').allTextContents()).toEqual(['Interlibrary loan (library.ctstate.edu)', 'ask us by email']);
    // A patron's bare link is a link on the board too, labelled as written; javascript: never is.
    await say(patron, 'I found https://www.worldcat.org/ and javascript:alert(1)');
    const theirs = pane(adaPage).locator('[data-from=patron] a[data-testid=message-link]');
    await expect.poll(() => theirs.allTextContents()).toEqual(['https://www.worldcat.org/']);
    expect(await adaPage.locator('a[href^="javascript:"]').count()).toBe(0);
    await Promise.all([adaPage.close(), patron.close()]);
  });

  it('dead air: with the threshold shortened, “still looking” is offered and sent in one click', async () => {
    expect((await ada.core.call('settings.set', { nudges: { deadAirMs: 2_000 } })).ok).toBe(true);
    const adaPage = await desk(ada);
    const patron = await patronStarts('Sam', 'Do you have the APA 7th edition manual?');
    await claim(adaPage, 'APA 7th');
    await adaPage.waitForSelector('[data-testid=nudge-dead-air]', { timeout: 10_000 });
    await adaPage.click('[data-testid=send-still-looking]');
    await patron.waitForSelector('#messages [data-from=operator] >> text=/Still looking/');
    // Right after it, no nudge; after the threshold again, it comes back (the patron still waits).
    await expect.poll(() => adaPage.locator('[data-testid=nudge-dead-air]').count()).toBe(0);
    await adaPage.waitForSelector('[data-testid=nudge-dead-air]', { timeout: 10_000 });
    expect((await ada.core.call('settings.set', { nudges: { deadAirMs: 60_000 } })).ok).toBe(true);
    await Promise.all([adaPage.close(), patron.close()]);
  });

  it('a crisis resource goes to the patron in one click; the librarian sees what is known and the guidance', async () => {
    const adaPage = await desk(ada);
    const patron = await patronStarts('Alex', 'i dont know who else to talk to');
    await claim(adaPage, 'who else');
    await adaPage.locator('[data-testid=open-crisis]').click();
    await adaPage.waitForSelector('[data-testid=crisis-panel]');
    expect(await adaPage.locator('[data-testid=crisis-guide]').textContent()).toContain('Listen without judgement');
    expect(await adaPage.locator('[data-testid=crisis-known]').textContent()).toContain('Alex');
    await adaPage.click('[data-testid="send-crisis.988"]');
    await patron.waitForSelector('#messages [data-from=operator] >> text=/call or text 988/');
    expect(await patron.locator('#messages [data-from=operator]').last().textContent()).toContain('English and Spanish');
    await adaPage.screenshot({ path: '.tmp/workspace-crisis.png' });
    await Promise.all([adaPage.close(), patron.close()]);
  });

  it('an abusive chat: the notice, the incident report stored for the director, the chat ended under the policy', async () => {
    const adaPage = await desk(ada);
    const patron = await patronStarts('Rex', 'open the library right now');
    await claim(adaPage, 'right now');
    await say(patron, 'you people are useless');
    await adaPage.locator('[data-testid=open-abuse]').click();
    await adaPage.click('[data-testid="send-abuse.transcript-saved"]');
    await patron.waitForSelector('#messages [data-from=operator] >> text=/transcript is saved/');
    await adaPage.click('[data-testid=report-incident]');
    await adaPage.waitForSelector('[data-testid=incident-dialog]');
    expect(await adaPage.locator('[data-testid=incident-patron]').textContent()).toBe('Rex');
    const encounter = await adaPage.locator('[data-testid=incident-encounter]').textContent();
    expect(encounter).toMatch(/^ENC-/);
    await adaPage.fill('[data-testid=incident-note]', 'Insults after two warnings.');
    await adaPage.click('[data-testid=incident-submit]');
    await adaPage.waitForSelector('[data-testid=incident][data-delivery=no-director-email]');
    await adaPage.click('[data-testid=end-under-policy]');
    await adaPage.click('[data-testid=end-under-policy]');
    await patron.waitForSelector('#messages [data-from=operator] >> text=/acceptable use policy/');
    await patron.waitForSelector('#status >> text=/ended/');
    await expect.poll(() => pane(adaPage).getAttribute('data-state')).toBe('ended');
    expect(await pane(adaPage).locator('[data-testid=ended-note]').textContent()).toContain('acceptable-use policy');
    // Stored by the backend, in the director's queue.
    const admin = await backend.server.login('ada', 'ada-password-123');
    const queue = (await (await fetch(`${backend.server.url}/api/incidents?campus=tunxis`, { headers: { authorization: `Bearer ${admin!.token}` } })).json()) as { reports: { encounterId: string; note: string; patronName: string; transcript: string }[] };
    expect(queue.reports[0]).toMatchObject({ encounterId: encounter, note: 'Insults after two warnings.', patronName: 'Rex' });
    expect(queue.reports[0]?.transcript).toContain('you people are useless');
    await Promise.all([adaPage.close(), patron.close()]);
  });

  it('two chats in tabs: a line in the one not in front shows an unread badge, gone once it is opened; drafts stay with their chat', async () => {
    const adaPage = await desk(ada);
    const first = await patronStarts('Ana', 'Where is the quiet floor?');
    const second = await patronStarts('Ben', 'Can I book a study room?');
    await claim(adaPage, 'quiet floor');
    await claim(adaPage, 'study room');
    const tabs = adaPage.locator('[data-testid=chat-tab]');
    const anaTab = tabs.filter({ hasText: 'Ana' });
    const benTab = tabs.filter({ hasText: 'Ben' });
    await expect.poll(async () => [await anaTab.count(), await benTab.count()]).toEqual([1, 1]);
    expect(await benTab.getAttribute('aria-selected')).toBe('true');
    await pane(adaPage).locator('[data-testid=composer]').fill('Half a reply for Ben');
    await say(first, 'hello? is anyone there');
    await say(first, 'I am on the second floor');
    await expect.poll(() => anaTab.locator('[data-testid=unread-badge]').textContent()).toBe('2');
    await adaPage.screenshot({ path: '.tmp/workspace-tabs.png' });
    await anaTab.click();
    await expect.poll(() => anaTab.locator('[data-testid=unread-badge]').count()).toBe(0);
    expect(await pane(adaPage).locator('[data-testid=composer]').inputValue()).toBe('');
    await benTab.click();
    expect(await pane(adaPage).locator('[data-testid=composer]').inputValue()).toBe('Half a reply for Ben');
    // The librarian typing shows on the patron's page.
    await pane(adaPage).locator('[data-testid=composer]').press('End');
    await pane(adaPage).locator('[data-testid=composer]').type(' and more');
    await second.waitForSelector('#typing >> text=/Ada Lovelace is typing/');
    await Promise.all([adaPage.close(), first.close(), second.close()]);
  });

  it('an ended chat is reopened from the board and found by search after a reload', async () => {
    let adaPage = await desk(ada);
    const patron = await patronStarts('Quinn Archer', 'Do you have the textbook for CHE 111 on reserve?');
    await claim(adaPage, 'CHE 111');
    await pane(adaPage).locator('[data-testid=composer]').fill('Yes: it is on the reserve shelf, two-hour loan.');
    await pane(adaPage).locator('[data-testid=composer]').press('Enter');
    await patron.waitForSelector('#messages [data-from=operator] >> text=/reserve shelf/');
    await pane(adaPage).locator('[data-testid=end-chat]').click();
    await pane(adaPage).locator('[data-testid=end-chat]').click();
    await expect.poll(() => pane(adaPage).getAttribute('data-state')).toBe('ended');
    const chatId = (await pane(adaPage).getAttribute('data-chat-id'))!;
    const encounter = ada.core.state.chats[chatId]!.encounterId;
    await waitFor(async () => {
      const outcome = await ada.core.call('transcripts.search', { words: 'CHE 111' });
      return outcome.ok && outcome.value.hits.some((h) => h.chatId === chatId);
    }, 'indexed');

    await adaPage.reload();
    await adaPage.waitForSelector('[data-testid=board]');
    const queue = adaPage.locator('[data-testid=queue-tunxis]');
    await queue.locator('[data-testid=ended-fold] summary').click();
    await queue.locator(`[data-testid=chat-${chatId}] [data-testid=reopen-chat]`).click();
    await pane(adaPage).locator('[data-testid=message]', { hasText: 'reserve shelf' }).waitFor();
    expect(await pane(adaPage).locator('[data-testid=encounter-id]').textContent()).toBe(encounter);
    expect(await pane(adaPage).locator('[data-testid=composer]').count()).toBe(0);

    adaPage = await desk(ada);
    await adaPage.click('[data-testid=open-transcripts]');
    await adaPage.fill('[data-testid=transcript-patron]', 'quinn');
    const hit = adaPage.locator(`[data-testid=transcript-hit][data-chat-id="${chatId}"]`);
    await hit.waitFor();
    await adaPage.fill('[data-testid=transcript-patron]', '');
    await adaPage.fill('[data-testid=transcript-words]', 'textbook reserve');
    await hit.waitFor();
    await adaPage.fill('[data-testid=transcript-words]', '');
    await adaPage.fill('[data-testid=transcript-encounter]', encounter);
    await expect.poll(() => adaPage.locator('[data-testid=transcript-hit]').count()).toBe(1);
    await hit.locator('button').click();
    await pane(adaPage).locator('[data-testid=message]', { hasText: 'reserve shelf' }).waitFor();
    // Copy and export: the whole transcript, as text.
    await adaPage.locator('[data-testid=open-transcript]').click();
    const download = adaPage.waitForEvent('download');
    await adaPage.click('[data-testid=transcript-txt]');
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${encounter}.txt`);
    await adaPage.click('[data-testid=transcript-view]');
    await expect.poll(() => adaPage.locator('[data-testid=transcript-text]').inputValue()).toContain('Ada Lovelace: Yes: it is on the reserve shelf, two-hour loan.');
    await adaPage.screenshot({ path: '.tmp/workspace-transcripts.png' });
    expect(problems).toEqual([]);
    await Promise.all([adaPage.close(), patron.close()]);
  });
});
