/**
 * A newcomer's first hour, in Chromium through the browser shell: the sign-in form says what is
 * wrong where the librarian is looking; the board puts urgent queues first, folds ended chats
 * away, keeps a long name from pushing the wait timer out, and shows an urgent chat without
 * scrolling at 1024 px; a hidden browser tab raises a notification for a waiting chat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronClient } from '../../src/dev/patron-client';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { type BridgeServer, startBridgeServer } from '../../src/main/browser/bridge-server';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import type { TestBackend } from '../support/backend';
import { launchChromium, type Librarian, startLibrarian, startWorld } from '../support/harness';
import { type BackgroundableChromium, launchBackgroundableChromium } from '../support/hidden-page';
import { waitFor } from '../support/wait';

const TIMING = { beepIntervalMs: 300, urgentAfterMs: 1_200, ticketOfferAfterMs: 600_000 };
const SHOTS = resolve('.tmp/shots');

let browser: Browser;
let backend: TestBackend;
let world: Awaited<ReturnType<typeof startWorld>>;
const patrons: PatronClient[] = [];

beforeAll(async () => {
  world = await startWorld(TIMING);
  backend = world.backend;
  world.addOperator('ada', 'Ada First-Hour', world.home.id);
  browser = await launchChromium();
});
afterAll(async () => {
  for (const p of patrons) p.close();
  await browser?.close();
  await backend?.close();
});

async function patron(campus: string, name: string, question: string): Promise<string> {
  const client = new PatronClient(backend.server.url);
  patrons.push(client);
  return client.start(campus, name, question);
}

describe('signing in', () => {
  let core: MainCore;
  let bridge: BridgeServer;
  let dir: string;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deskbell-signin-'));
    core = new MainCore({
      settings: new SettingsStore(dir),
      tokenStore: new MemoryTokenStore(),
      timing: world.timing,
      embedded: null,
      dataDir: dir,
      configuredBackendUrl: backend.server.url,
    });
    bridge = await startBridgeServer({ core, rendererDir: resolve('out/web') });
    page = await browser.newPage();
    await page.goto(bridge.operatorUrl);
  });
  afterAll(async () => {
    await page?.close();
    await bridge?.close();
    await core?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows each error on the form, starts from the configured backend, and clears the error on success', async () => {
    const url = page.getByTestId('backend-url');
    await expect.poll(() => url.inputValue()).toBe(backend.server.url);
    const error = page.getByTestId('sign-in-error');

    // Plain http to another machine: refused on the form before the password leaves it.
    await url.fill('http://chat.library.example');
    await page.getByTestId('username').fill('ada');
    await page.getByTestId('password').fill('ada-password-123');
    await page.getByTestId('password').press('Enter');
    await expect.poll(() => error.textContent()).toContain('https://');

    // A wrong password.
    await url.fill(backend.server.url);
    await page.getByTestId('password').fill('not her password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => error.textContent()).toContain('user name or password is wrong');
    await page.screenshot({ path: join(SHOTS, 'sign-in-wrong-password.png') });

    // A backend that does not answer.
    await url.fill('https://127.0.0.1:9');
    await page.getByTestId('password').fill('ada-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toContain('cannot reach https://127.0.0.1:9');

    // Right at last: the board, and no stale red notices from the failures.
    await url.fill(backend.server.url);
    await page.getByTestId('password').fill('ada-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('board').waitFor();
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(await page.getByTestId('sign-in-error').count()).toBe(0);
  });
});

describe('the board', () => {
  let ada: Librarian;
  let page: Page;
  beforeAll(async () => {
    ada = await startLibrarian(backend, 'ada', world.timing);
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(ada.bridge.operatorUrl);
    await page.getByTestId('board').waitFor();
  });
  afterAll(async () => {
    await page?.close();
    await ada?.close();
  });

  it('puts urgent queues first, then waiting, then the rest; folds ended chats; keeps long names in their card', async () => {
    const [home, , , other] = backend.server.campuses;
    // An ended chat at home, and a chat claimed by Ada there.
    const ended = await patron(home!.id, 'Early Bird', 'Is the printer working?');
    await waitFor(() => ada.core.state.chats[ended], 'the first chat');
    expect((await ada.core.call('chat.end', { chatId: ended })).ok).toBe(true);
    // Another campus's patron waits until urgent, then a home patron arrives (waiting, not urgent).
    const urgent = await patron(other!.id, 'U'.repeat(120), 'I have been waiting a while, can anyone help with interlibrary loan?');
    await page.locator(`[data-testid=chat-${urgent}][data-level=urgent]`).waitFor();
    const waiting = await patron(home!.id, 'Home Patron', 'Where are the study rooms?');
    await page.locator(`[data-testid=chat-${waiting}]`).waitFor();

    const order = await page.locator('.board > .queue').evaluateAll((queues) => queues.map((q) => q.getAttribute('data-testid')));
    expect(order.slice(0, 2)).toEqual([`queue-${other!.id}`, `queue-${home!.id}`]);
    expect(await page.getByTestId(`queue-${other!.id}`).getAttribute('data-urgent')).toBe('true');

    // The ended chat is folded away below the live one in its queue.
    const homeQueue = page.getByTestId(`queue-${home!.id}`);
    await expect.poll(() => homeQueue.getByTestId('ended-fold').locator('summary').textContent()).toBe('1 ended chat');
    expect(await homeQueue.locator(`[data-testid=chat-${ended}]`).isVisible()).toBe(false);

    // At 1024 px the urgent chat is on screen without scrolling, and its wait timer inside its card.
    const card = page.getByTestId(`chat-${urgent}`);
    const box = await card.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    const wait = await card.getByTestId('wait').boundingBox();
    expect(wait!.x + wait!.width).toBeLessThanOrEqual(box!.x + box!.width + 0.5);
    expect(wait!.x).toBeGreaterThanOrEqual(box!.x);
    await page.screenshot({ path: join(SHOTS, 'board-1024.png') });

    // Unfolded, the ended card reads at WCAG AA contrast (computed from its real colours).
    await homeQueue.getByTestId('ended-fold').locator('summary').click();
    const ratio = await homeQueue.locator(`[data-testid=chat-${ended}] .question`).evaluate((el) => {
      const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const card = el.closest('.chat-card') as HTMLElement;
      const fg = lum(rgb(getComputedStyle(el).color));
      const bg = lum(rgb(getComputedStyle(card).backgroundColor));
      const opacity = Number(getComputedStyle(card).opacity);
      return { ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05), opacity };
    });
    expect(ratio.opacity).toBe(1);
    expect(ratio.ratio).toBeGreaterThanOrEqual(4.5);
    for (const id of [urgent, waiting]) await ada.core.call('chat.end', { chatId: id });
  });
});

describe('a browser tab in the background', () => {
  let chromium: BackgroundableChromium;
  let ada: Librarian;
  beforeAll(async () => {
    [chromium, ada] = await Promise.all([launchBackgroundableChromium(), startLibrarian(backend, 'ada', world.timing)]);
  });
  afterAll(async () => {
    await chromium?.close();
    await ada?.close();
  });

  it('asks for notification permission at the first click, then notifies a waiting chat while hidden, and closes it when claimed', async () => {
    const origin = new URL(ada.bridge.operatorUrl).origin;
    const page = await chromium.newPage();
    // Record what the page asks of the real Notification API (the constructor and the permission request still run).
    await page.addInitScript(() => {
      const Real = window.Notification;
      const log: { title: string; body: string; closed: boolean }[] = [];
      (window as unknown as { notified: typeof log }).notified = log;
      (window as unknown as { permissionAsked: number }).permissionAsked = 0;
      class Recorded extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          const entry = { title, body: options?.body ?? '', closed: false };
          log.push(entry);
          this.addEventListener('close', () => (entry.closed = true));
          const close = this.close.bind(this);
          this.close = () => {
            entry.closed = true;
            close();
          };
        }
        static override requestPermission(...args: Parameters<typeof Notification.requestPermission>) {
          (window as unknown as { permissionAsked: number }).permissionAsked += 1;
          return Real.requestPermission(...args);
        }
        static override get permission() {
          return Real.permission;
        }
      }
      window.Notification = Recorded as typeof Notification;
    });
    await page.goto(ada.bridge.operatorUrl);
    await page.getByTestId('board').waitFor();
    const asked = () => page.evaluate(() => (window as unknown as { permissionAsked: number }).permissionAsked);
    // Not before a gesture (browsers ignore that), but at the first click, and only once.
    expect(await asked()).toBe(0);
    await page.getByTestId('board').click();
    await expect.poll(asked).toBe(1);
    await page.getByTestId('board').click();
    expect(await asked()).toBe(1);
    await chromium.context.grantPermissions(['notifications'], { origin });
    await chromium.hide(page, 'minimize');
    const chatId = await patron(world.home.id, 'Maya <b>Hidden</b>', 'Are you open until 9 tonight?');
    const notified = await waitFor(
      () => page.evaluate(() => (window as unknown as { notified: { title: string; body: string; closed: boolean }[] }).notified).then((n) => (n.length > 0 ? n : null)),
      'a notification while the tab is hidden',
    );
    expect(notified).toEqual([{ title: `New chat: ${world.home.name}`, body: 'Maya <b>Hidden</b>: Are you open until 9 tonight?', closed: false }]);
    expect((await ada.core.call('chat.claim', { chatId })).ok).toBe(true);
    await waitFor(
      () => page.evaluate(() => (window as unknown as { notified: { closed: boolean }[] }).notified[0]?.closed),
      'the notification closed once the chat was claimed',
    );
    await chromium.show(page);
    await ada.core.call('chat.end', { chatId });
  });
});
