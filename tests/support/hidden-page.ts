/**
 * Real page backgrounding in Chromium, for end-to-end tests that must prove something still works while the
 * app's window is in the background (document.visibilityState === 'hidden'), without faking the page's API.
 *
 * Why not `chromium.launch()`: Playwright sends `Emulation.setFocusEmulationEnabled {enabled: true}` on every page
 * it attaches to, and while ANY DevTools session holds focus emulation, Chromium reports the page as visible and
 * focused whatever happens to its window. Disabling it from a second CDP session does not help (the override is
 * evidently counted per session), and launch() has no option to skip it.
 *
 * What works: start Chromium ourselves (new headless mode, no Xvfb or window manager needed) with a loopback
 * DevTools port, and attach Playwright with `connectOverCDP(..., { noDefaults: true })`. With noDefaults Playwright
 * applies no default overrides to the browser's default context, so focus emulation is never enabled there and
 * Chromium computes visibility for real. Each page gets its own browser window; `hide` minimizes that window
 * (`Browser.setWindowBounds` windowState 'minimized', which headless Chromium implements) or covers the page with
 * another tab in the same window; `show` restores it. The renderer then goes through Chromium's real background
 * path: 'visibilitychange' fires, timers are throttled to once a second, requestAnimationFrame stops.
 *
 * Consequences for tests: page.evaluate() keeps working on a hidden page, and so did locator.waitFor() and
 * waitForFunction() when tried; click() timed out (it waits for a rendered frame; expect the same of fill() and
 * screenshots) until the page is shown again. Socket messages and Web Audio keep running; timers are throttled as
 * in a real background tab.
 *
 * Needs only Chromium: no Xvfb, no window manager (new headless mode implements minimize and tab visibility).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';

export type HideMethod = 'minimize' | 'cover';

export interface BackgroundableChromium {
  /** Playwright's view of the browser (connected over CDP). */
  readonly browser: Browser;
  /** The browser's default context: the only one in which focus emulation stays off. Create pages with newPage(). */
  readonly context: BrowserContext;
  /** A new page in a window of its own, so hiding it leaves every other page visible. */
  newPage(): Promise<Page>;
  /**
   * Put the page's window in the background for real and wait until the page reports 'hidden'.
   * 'minimize' (default) minimizes the page's window; 'cover' opens and activates another tab in front of it.
   */
  hide(page: Page, method?: HideMethod): Promise<void>;
  /** Undo hide(): restore the window or close the covering tab, activate the page, wait until it reports 'visible'. */
  show(page: Page): Promise<void>;
  /** The page's document.visibilityState, read in the page. */
  visibility(page: Page): Promise<DocumentVisibilityState>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  executablePath?: string;
  /** Extra Chromium switches (e.g. '--autoplay-policy=no-user-gesture-required'). */
  args?: string[];
  /** Milliseconds to wait for Chromium's DevTools endpoint and for visibility changes. Default 15 s. */
  timeoutMs?: number;
}

const BASE_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-sync',
  '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0',
];

async function startChromium(executablePath: string, args: string[], timeoutMs: number): Promise<{ proc: ChildProcess; wsEndpoint: string }> {
  const proc = spawn(executablePath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const wsEndpoint = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`Chromium did not start (${why}). stderr:\n${stderr.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail(`no DevTools endpoint after ${timeoutMs} ms`), timeoutMs);
    proc.once('error', (e) => fail(e.message));
    proc.once('exit', (code, signal) => fail(`exited with ${code ?? signal}`));
    proc.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (!m) return;
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      proc.removeAllListeners('error');
      resolve(m[1]!);
    });
  });
  // Keep draining stderr so Chromium never blocks on a full pipe.
  proc.stderr!.removeAllListeners('data');
  proc.stderr!.resume();
  return { proc, wsEndpoint };
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Launch Chromium so that its pages can be truly backgrounded (see the file comment). */
export async function launchBackgroundableChromium(options: LaunchOptions = {}): Promise<BackgroundableChromium> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const userDataDir = mkdtempSync(join(tmpdir(), 'deskbell-hidden-page-'));
  const args = [...BASE_ARGS, ...(options.args ?? []), `--user-data-dir=${userDataDir}`, 'about:blank'];
  let started: { proc: ChildProcess; wsEndpoint: string } | undefined;
  let connected: Browser;
  try {
    started = await startChromium(executablePath, args, timeoutMs);
    // noDefaults: no focus emulation (or other overrides) in the default context — the whole point.
    connected = await chromium.connectOverCDP(started.wsEndpoint, { noDefaults: true, isLocal: true, timeout: timeoutMs });
  } catch (e) {
    started?.proc.kill('SIGKILL');
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const { proc } = started;
  const browser = connected;
  const context = browser.contexts()[0]!;
  const browserSession: CDPSession = await browser.newBrowserCDPSession();
  const targetIds = new WeakMap<Page, string>();
  const covers = new WeakMap<Page, string>();

  async function targetIdOf(page: Page): Promise<string> {
    let id = targetIds.get(page);
    if (!id) {
      const session = await context.newCDPSession(page);
      id = (await session.send('Target.getTargetInfo')).targetInfo.targetId;
      await session.detach();
      targetIds.set(page, id);
    }
    return id;
  }

  async function windowOf(page: Page): Promise<number> {
    return (await browserSession.send('Browser.getWindowForTarget', { targetId: await targetIdOf(page) })).windowId;
  }

  let discovering = false;

  /**
   * Open a foreground tab in front of the page, in the page's own window. Target.createTarget cannot do this: it puts
   * the tab in the most recently created window, and activating a target does not change that in headless mode.
   * A window.open() from the page (an isolated world, so the page's own scripts see nothing; userGesture so the
   * popup blocker lets it through; noopener so the tab gets no handle on the page) opens the tab next to its opener.
   */
  async function coverWithTab(page: Page): Promise<void> {
    const pageTarget = await targetIdOf(page);
    if (!discovering) {
      await browserSession.send('Target.setDiscoverTargets', { discover: true });
      discovering = true;
    }
    let onCreated: ((e: { targetInfo: { targetId: string; type: string; openerId?: string } }) => void) | undefined;
    const created = new Promise<string>((resolve) => {
      onCreated = ({ targetInfo }) => {
        if (targetInfo.type === 'page' && targetInfo.openerId === pageTarget) resolve(targetInfo.targetId);
      };
      browserSession.on('Target.targetCreated', onCreated);
    });
    const session = await context.newCDPSession(page);
    try {
      const { frameTree } = await session.send('Page.getFrameTree');
      const { executionContextId } = await session.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'hidden-page-cover' });
      await session.send('Runtime.evaluate', { expression: "window.open('about:blank', '_blank', 'noopener')", contextId: executionContextId, userGesture: true });
      const cover = await Promise.race([created, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no covering tab opened')), timeoutMs))]);
      covers.set(page, cover);
      const coverWindow = (await browserSession.send('Browser.getWindowForTarget', { targetId: cover })).windowId;
      if (coverWindow !== (await windowOf(page))) throw new Error('the covering tab opened in another window');
      await browserSession.send('Target.activateTarget', { targetId: cover });
    } finally {
      browserSession.off('Target.targetCreated', onCreated!);
      await session.detach().catch(() => undefined);
    }
  }

  const visibility = (page: Page) => page.evaluate(() => document.visibilityState);

  async function waitVisibility(page: Page, state: DocumentVisibilityState): Promise<void> {
    await until(() => visibility(page), (v) => v === state, `visibilityState '${state}'`, timeoutMs);
  }

  return {
    browser,
    context,
    visibility,

    async newPage() {
      const { targetId } = await browserSession.send('Target.createTarget', { url: 'about:blank', newWindow: true });
      return until(
        async () => {
          for (const page of context.pages()) if ((await targetIdOf(page)) === targetId) return page;
          return undefined;
        },
        (p): p is Page => p !== undefined,
        `Playwright to attach to target ${targetId}`,
        timeoutMs,
      ) as Promise<Page>;
    },

    async hide(page, method = 'minimize') {
      if (method === 'minimize') {
        await browserSession.send('Browser.setWindowBounds', { windowId: await windowOf(page), bounds: { windowState: 'minimized' } });
      } else {
        await coverWithTab(page);
      }
      await waitVisibility(page, 'hidden');
    },

    async show(page) {
      const cover = covers.get(page);
      if (cover) {
        covers.delete(page);
        await browserSession.send('Target.closeTarget', { targetId: cover });
      }
      const windowId = await windowOf(page);
      const { bounds } = await browserSession.send('Browser.getWindowBounds', { windowId });
      if (bounds.windowState === 'minimized') await browserSession.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
      await browserSession.send('Target.activateTarget', { targetId: await targetIdOf(page) });
      await waitVisibility(page, 'visible');
    },

    async close() {
      try {
        await browserSession.send('Browser.close').catch(() => undefined);
        await browser.close().catch(() => undefined);
        const exited = new Promise((r) => proc.once('exit', r));
        if (proc.exitCode === null && proc.signalCode === null) {
          const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
      } finally {
        rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}
