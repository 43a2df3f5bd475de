/**
 * `npm run screenshot`: the desk as a librarian has it mid-shift, in Chromium, at the three desk
 * sizes (1366x768, 1024x768, 1920x1080): the board with a chat open and each panel of the dock
 * in turn. Writes docs/screens/<width>x<height>/<panel>.png, and docs/board.png (1366x768, the
 * README's picture). Look at them before calling a panel done.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { launchChromium } from '../tests/support/harness';
import { DESK_SIZES, openPanel, panelIds } from '../tests/support/dock-page';
import { startPopulatedDesk } from '../tests/support/populated-desk';
import { sleep } from '../tests/support/wait';
import { answerHelp } from './lib/help';

answerHelp(
  'usage: npm run screenshot\n\nStarts a backend and the browser shell with a populated desk and writes docs/screens/<size>/<panel>.png for each desk size and panel, and docs/board.png, from Chromium (needs /usr/bin/chromium or CHROMIUM_PATH). No options.',
);

async function main(): Promise<void> {
  const desk = await startPopulatedDesk();
  const browser = await launchChromium();
  try {
    rmSync('docs/screens', { recursive: true, force: true });
    for (const size of DESK_SIZES) {
      const dir = `docs/screens/${size.width}x${size.height}`;
      mkdirSync(dir, { recursive: true });
      const page = await browser.newPage({ viewport: size });
      await page.goto(desk.ada.bridge.operatorUrl);
      await page.waitForSelector('[data-level=urgent]', { timeout: 20_000 });
      await page.click(`[data-testid=chat-${desk.mine}] button:has-text("Open")`);
      await page.waitForSelector('[data-testid=chat-pane]');
      await sleep(300);
      await page.screenshot({ path: `${dir}/board.png` });
      if (size.width === 1366) await page.screenshot({ path: 'docs/board.png' });
      const { strip, menu } = await panelIds(page);
      for (const id of [...strip, ...menu]) {
        await openPanel(page, id, menu.includes(id));
        await sleep(250);
        await page.screenshot({ path: `${dir}/${id}.png` });
        await page.keyboard.press('Escape');
      }
      console.log(`wrote ${dir}: board and ${strip.length + menu.length} panels (${[...strip, ...menu].join(', ')})`);
      await page.close();
    }
    console.log('wrote docs/board.png');
  } finally {
    await browser.close();
    await desk.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
