/**
 * `npm run screenshot`: the README's picture of the operator board, taken from the browser
 * shell in Chromium with a few live chats in different states. Writes docs/board.png.
 */
import { PatronClient } from '../src/dev/patron-client';
import { launchChromium, startLibrarian, startWorld } from '../tests/support/harness';
import { sleep, waitFor } from '../tests/support/wait';
import { answerHelp } from './lib/help';

answerHelp('usage: npm run screenshot\n\nStarts a backend and the browser shell with a few live chats, and writes the README picture docs/board.png from Chromium (needs /usr/bin/chromium or CHROMIUM_PATH). No options.');

async function main(): Promise<void> {
  // Urgent after 6 s instead of 20 s, so the picture shows every state without a long wait.
  const world = await startWorld({ beepIntervalMs: 2_000, urgentAfterMs: 6_000, ticketOfferAfterMs: 600_000 });
  const campuses = world.backend.server.campuses;
  const home = campuses.find((c) => c.id === 'norwalk') ?? world.home;
  const other = campuses.find((c) => c.id === 'gateway') ?? world.other;
  world.addOperator('ada', 'Ada Reyes', home.id);
  world.addOperator('sam', 'Sam Okafor', other.id);
  const ada = await startLibrarian(world.backend, 'ada', world.timing);
  const sam = await startLibrarian(world.backend, 'sam', world.timing);
  const browser = await launchChromium();
  const patrons: PatronClient[] = [];
  const patron = async (campus: string, name: string, question: string) => {
    const p = new PatronClient(world.backend.server.url);
    patrons.push(p);
    return { p, chatId: await p.start(campus, name, question) };
  };
  try {
    const urgent = await patron('southern', 'Jordan', 'I need a peer-reviewed article on nursing burnout for NUR 201');
    const mine = await patron(home.id, 'Maya', 'What time do you close today?');
    await ada.core.call('chat.claim', { chatId: mine.chatId });
    mine.p.say('Also, can I print in color there?');
    await ada.core.call('chat.send', { chatId: mine.chatId, text: 'Hi Maya! Norwalk closes at 9 pm today.' });
    await ada.core.call('chat.send', { chatId: mine.chatId, text: 'Color printing is at the front desk, 25 cents a page.' });
    const theirs = await patron(other.id, 'Luis', 'How do I get into CINAHL from home?');
    await sam.core.call('chat.claim', { chatId: theirs.chatId });
    await sleep(4_000);
    await patron(home.id, 'how do I renew a book online?', 'how do I renew a book online?');
    await patron(other.id, 'Priya', 'Do you have the ENG 101 textbook on reserve?');
    await waitFor(() => Object.values(ada.core.state.chats).length >= 5, 'five chats');
    void urgent;

    const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
    await page.goto(ada.bridge.operatorUrl);
    await page.waitForSelector('[data-level=urgent]', { timeout: 20_000 });
    await page.click(`[data-testid=chat-${mine.chatId}] button:has-text("Open")`);
    await page.click(`[data-testid=chat-${mine.chatId}] .patron-name`);
    await sleep(1_200);
    await page.screenshot({ path: 'docs/board.png' });
    console.log('wrote docs/board.png');
  } finally {
    for (const p of patrons) p.close();
    await browser.close();
    await Promise.all([ada.close(), sam.close()]);
    await world.backend.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
