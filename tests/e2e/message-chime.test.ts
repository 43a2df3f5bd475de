/**
 * The message chime with the page really hidden (tests/support/hidden-page.ts): a patron writes
 * in a chat the librarian holds that is not in front; main sounds the chime, the hidden page
 * plays it, the tab shows the unread count, and the chat in front stays quiet.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBackend } from '../support/backend';
import { type Librarian, soundsPlayed, startLibrarian, startWorld } from '../support/harness';
import { type BackgroundableChromium, launchBackgroundableChromium } from '../support/hidden-page';
import { waitFor } from '../support/wait';

let chromium: BackgroundableChromium;
let backend: TestBackend;
let ada: Librarian;

beforeAll(async () => {
  const world = await startWorld();
  backend = world.backend;
  world.addOperator('ada', 'Ada Chime', 'tunxis');
  [ada, chromium] = await Promise.all([startLibrarian(backend, 'ada', world.timing), launchBackgroundableChromium({ args: ['--autoplay-policy=no-user-gesture-required'] })]);
});

afterAll(async () => {
  await chromium?.close();
  await ada?.close();
  await backend?.close();
});

async function patronStarts(name: string, question: string): Promise<Page> {
  const patron = await chromium.newPage();
  await patron.goto(`${backend.server.url}/widget?campus=tunxis`);
  await patron.fill('#patron-name', name);
  await patron.fill('#patron-question', question);
  await patron.click('#start-chat');
  await patron.waitForSelector('#status >> text=/Waiting/');
  return patron;
}

describe('the message chime', () => {
  it('plays in a hidden page for a line in a held chat not in front; the chat in front of a visible page stays quiet', async () => {
    const board = await chromium.newPage();
    await board.goto(ada.bridge.operatorUrl);
    await board.waitForSelector('[data-testid=board]');
    const ana = await patronStarts('Ana', 'Where is the quiet floor?');
    const ben = await patronStarts('Ben', 'Can I book a study room?');
    for (const question of ['quiet floor', 'study room']) {
      await board.locator('[data-testid^=chat-]', { hasText: question }).locator('[data-testid=claim]').click();
      const anyway = board.locator('[data-testid^=chat-]', { hasText: question }).locator('[data-testid=claim-anyway]');
      if (await anyway.count()) await anyway.click();
      await board.locator('[data-testid=chat-pane] [data-testid=message]', { hasText: question }).waitFor();
    }
    // Ben's chat is in front. A line from Ben, in front of a visible page: no chime.
    await ben.fill('#message-input', 'Thanks, waiting');
    await ben.click('#send');
    await board.locator('[data-testid=chat-pane] [data-testid=message]', { hasText: 'Thanks, waiting' }).waitFor();
    const chimes = async () => (await soundsPlayed(ada)).filter((s) => s.sound === 'message');
    expect(await chimes()).toEqual([]);

    await chromium.hide(board, 'minimize');
    await ana.fill('#message-input', 'Hello? Are you still there?');
    await ana.click('#send');
    const played = await waitFor(async () => ((await chimes()).length > 0 ? chimes() : null), 'the chime played in the hidden page', 15_000);
    expect(played[0]).toMatchObject({ sound: 'message', volume: 0.5, hidden: true });
    // Hidden, even the chat in front chimes: the librarian is not looking at it.
    await ben.fill('#message-input', 'One more thing');
    await ben.click('#send');
    await waitFor(async () => (await chimes()).length === 2, 'a second chime');

    await chromium.show(board);
    const anaTab = board.locator('[data-testid=chat-tab]', { hasText: 'Ana' });
    await expect.poll(() => anaTab.locator('[data-testid=unread-badge]').textContent()).toBe('1');
    // Shown again with Ben in front: Ben's line counts as read.
    await expect.poll(() => board.locator('[data-testid=chat-tab]', { hasText: 'Ben' }).locator('[data-testid=unread-badge]').count()).toBe(0);
    await anaTab.click();
    await expect.poll(() => anaTab.locator('[data-testid=unread-badge]').count()).toBe(0);
    await Promise.all([board.close(), ana.close(), ben.close()]);
  });
});
