/**
 * The widget's sockets go only to its own origin (issue 17, item 12). In Chromium, the widget is
 * embedded the way a library site embeds it: an iframe of the backend's /widget on a page of
 * another site. Host names come from Chromium's resolver rules (every one is 127.0.0.1), so the
 * library's page, the backend and a foreign socket server are three origins. The widget still
 * starts a chat over its own socket (CSP 3's 'self' covers ws: and wss: of the same origin), and
 * a script in the widget's page cannot open a socket to another host: the foreign server counts
 * no connection and the page reports the violation.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { nextEvent, signInOperator, startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe.skipIf(!existsSync(CHROMIUM))('the widget’s CSP in Chromium', () => {
  let browser: Browser;
  let t: TestServer;
  let library: Server;
  let libraryPort = 0;
  let foreign: WebSocketServer;
  let foreignHttp: Server;
  let foreignPort = 0;
  let foreignConnections = 0;

  beforeAll(async () => {
    t = await startTestServer();
    const backendPort = new URL(t.server.url).port;
    // A library's web page that embeds the widget in an iframe.
    library = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Library</title><h1>Ask a librarian</h1><iframe id="chat" src="http://deskbell.example:${backendPort}/widget?campus=gateway" width="400" height="600"></iframe>`);
    });
    libraryPort = await listen(library);
    // A socket server somewhere else, which a script in the widget's page must not reach.
    foreignHttp = createServer();
    foreign = new WebSocketServer({ server: foreignHttp });
    foreign.on('connection', (socket) => {
      foreignConnections++;
      socket.send('hello from elsewhere');
    });
    foreignPort = await listen(foreignHttp);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--host-resolver-rules=MAP *.example 127.0.0.1'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    foreign?.close();
    await new Promise<void>((resolve) => (foreignHttp ? foreignHttp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (library ? library.close(() => resolve()) : resolve()));
    await t?.close();
  });

  it('the header allows sockets to its own origin only', async () => {
    const csp = (await fetch(`${t.server.url}/widget?campus=gateway`)).headers.get('content-security-policy') ?? '';
    const connect = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'));
    expect(connect).toBe("connect-src 'self'");
  });

  it('embedded on a library’s page, the widget chats over its own socket; a socket to another host is refused by the CSP', async () => {
    const ada = await signInOperator(t, 'Ada Lovelace');
    const page = await browser.newPage();
    try {
      await page.goto(`http://library.example:${libraryPort}/`);
      const widget = await waitFor(() => page.frames().find((f) => f.url().includes('/widget')) ?? undefined, 'the widget frame');
      await widget.waitForSelector('#patron-name');
      await widget.fill('#patron-name', 'Grace');
      await widget.fill('#patron-question', 'Do you have CINAHL?');
      await widget.click('#start-chat');
      const created = await nextEvent(ada.socket, 'chat.created');
      expect(created.event.chat).toMatchObject({ patronName: 'Grace', campus: 'gateway' });
      await widget.waitForSelector('#status >> text=Waiting for a librarian');

      const attempt = await tryForeignSocket(widget, `ws://elsewhere.example:${foreignPort}/`);
      expect(attempt.violations).toEqual([expect.objectContaining({ directive: 'connect-src', blocked: `ws://elsewhere.example:${foreignPort}/` })]);
      expect(attempt.opened).toBe(false);
      expect(foreignConnections).toBe(0);
    } finally {
      await page.close();
    }
  });

  /** From inside the widget's page: open a socket to `url`, and say what the page saw (a CSP violation, the socket opening). */
  function tryForeignSocket(widget: Frame, url: string): Promise<{ violations: { directive: string; blocked: string }[]; opened: boolean }> {
    return widget.evaluate(
      (target) =>
        new Promise((resolve) => {
          const violations: { directive: string; blocked: string }[] = [];
          document.addEventListener('securitypolicyviolation', (event) => violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI }));
          let opened = false;
          try {
            const socket = new WebSocket(target);
            socket.addEventListener('open', () => {
              opened = true;
            });
          } catch {
            // Refused before it was made.
          }
          setTimeout(() => resolve({ violations, opened }), 1_500);
        }),
      url,
    );
  }
});
