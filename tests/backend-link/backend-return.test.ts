/**
 * A backend that is down for a while and then restarts on the same port: the desk is online
 * again within about two seconds, not at the end of a backoff grown towards its 30 s cap.
 *
 * The link runs with its production defaults (backoff from 500 ms to 30 s, health probe every
 * 1.2 s at most) and the worst-case jitter (random = 0.999), so its own attempts fall at a known
 * 0.5, 1.5, 3.5 and 7.5 s after the drop: without the probe the first attempt after a restart
 * at 8 s is at 15.5 s, 7.5 s late. With it, the restart is seen by the next probe (at most
 * 1.2 s) and connected to at once; the 2.5 s bound leaves over a second for a loaded machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendLink, type LinkState } from '../../src/main/core/backend-link/backend-link';
import { type RunningServer, startServer } from '../../src/server';
import { sleep, waitFor } from '../support/wait';

const DOWN_MS = 8_000;

let server: RunningServer | null = null;
let link: BackendLink | null = null;
let dir: string | null = null;
afterEach(async () => {
  link?.stop();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  link = server = dir = null;
});

const start = (dbPath: string, port: number) => startServer({ dbPath, port, limits: {}, smtp: null, chatHours: 'always-open', log: () => undefined });

describe('a desk whose backend restarts', () => {
  it('is online within 2.5 s of the backend answering again, and made no extra attempts while it was down', { timeout: 40_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'deskbell-return-'));
    const dbPath = join(dir, 'desk.db');
    server = await start(dbPath, 0);
    const port = server.port;
    const campus = server.campuses[0]!.id;
    server.addOperator({ username: 'ada', name: 'Ada Librarian', campus, password: 'correct horse battery staple' });
    const login = await server.login('ada', 'correct horse battery staple');
    expect(login).not.toBeNull();

    const states: { state: LinkState; at: number }[] = [];
    link = new BackendLink({ backendUrl: server.url, token: login!.token, random: () => 0.999 }, { action: () => undefined, state: (state) => states.push({ state, at: Date.now() }) });
    link.start();
    await waitFor(() => link!.currentState === 'online', 'online');

    await server.close();
    server = null;
    await waitFor(() => link!.currentState !== 'online', 'the link to notice the backend is gone');
    const downAt = Date.now();
    await sleep(DOWN_MS);
    const attemptsWhileDown = states.filter((s) => s.state === 'connecting' && s.at >= downAt).length;

    server = await start(dbPath, port);
    const backAt = Date.now();
    await waitFor(() => link!.currentState === 'online', 'online again', 20_000, 10);
    const onlineAt = states.filter((s) => s.state === 'online').at(-1)!.at;
    expect(onlineAt - backAt).toBeLessThanOrEqual(2_500);
    // The probe does not turn a backend that is down into more connection attempts: the backoff's
    // own (0.5, 1.5, 3.5, 7.5 s), give or take the one at the edge of the window on a slow machine.
    expect(attemptsWhileDown).toBeLessThanOrEqual(5);
  });
});
