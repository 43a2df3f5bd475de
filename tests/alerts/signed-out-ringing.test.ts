/**
 * A desk between shifts: nobody is signed in. It rings for waiting chats only where IT's
 * machine settings say so (alerts.ringWhileSignedOut), reading the backend's waiting feed with
 * the key IT gave it. The feed is off without a server key, refuses a wrong one, and carries
 * nothing of a patron but the chat id, campus and start time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronClient } from '../../src/dev/patron-client';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { readMachineSettings } from '../../src/main/core/machine-settings/read';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import type { AlertTiming } from '../../src/shared/alerts';
import type { Push } from '../../src/shared/api';
import type { MachineSettings } from '../../src/shared/machine-settings/schema';
import { WaitingFeed } from '../../src/shared/waiting-feed/schemas';
import { startTestBackend, type TestBackend } from '../support/backend';
import { startWorld } from '../support/harness';
import { sleep, waitFor } from '../support/wait';

const KEY = 'waiting-feed-key-for-the-desks-0123456789';
const temps: string[] = [];
let backend: TestBackend;
let timing: AlertTiming;
let home = '';
let other = '';
const patrons: PatronClient[] = [];

beforeAll(async () => {
  const world = await startWorld({ beepIntervalMs: 400, urgentAfterMs: 1_200, ticketOfferAfterMs: 20_000 }, { waitingFeedKey: KEY });
  backend = world.backend;
  timing = world.timing;
  home = world.home.id;
  other = world.other.id;
  world.addOperator('ada', 'Ada Lovelace', home);
});
afterAll(async () => {
  for (const patron of patrons) patron.close();
  await backend?.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function desk(settings: MachineSettings) {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-between-shifts-'));
  temps.push(dataDir);
  const path = join(dataDir, 'machine.json');
  writeFileSync(path, JSON.stringify(settings));
  const core = new MainCore({
    settings: new SettingsStore(dataDir),
    machine: new MachinePolicy(readMachineSettings(path)),
    tokenStore: new MemoryTokenStore(),
    timing,
    embedded: null,
    dataDir,
    waitingWatchTuning: { intervalMs: 100 },
  });
  const pushes: Push[] = [];
  core.onPush((push) => pushes.push(push));
  return { core, pushes, sounds: () => pushes.filter((p) => p.type === 'sound') };
}

async function patronWaits(campus: string, name: string): Promise<string> {
  const patron = new PatronClient(backend.server.url);
  patrons.push(patron);
  return patron.start(campus, name, 'Is the library open on Sunday?');
}

describe('the waiting feed (GET /api/waiting)', () => {
  it('is off on a server without a key', async () => {
    const plain = await startTestBackend();
    try {
      const response = await fetch(`${plain.server.url}/api/waiting`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('refuses a missing or wrong key', async () => {
    expect((await fetch(`${backend.server.url}/api/waiting`)).status).toBe(401);
    expect((await fetch(`${backend.server.url}/api/waiting`, { headers: { authorization: `Bearer ${KEY}x` } })).status).toBe(401);
    expect((await fetch(`${backend.server.url}/api/waiting`, { headers: { authorization: KEY } })).status).toBe(401);
  });

  it('lists waiting chats with their id, campus and start only', async () => {
    const chatId = await patronWaits(home, 'Priya Feedtest');
    const response = await fetch(`${backend.server.url}/api/waiting`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(text).not.toContain('Priya');
    expect(text).not.toContain('Sunday');
    const feed = WaitingFeed.parse(JSON.parse(text));
    expect(feed.waiting.find((w) => w.id === chatId)).toEqual({ id: chatId, campus: home, createdAt: expect.any(Number) });
  });
});

describe('a desk where nobody is signed in', () => {
  it('stays silent unless IT asked it to ring', async () => {
    const { core, sounds, pushes } = desk({ backendUrl: backend.server.url });
    await core.call('desk.subscribe', {});
    await patronWaits(other, 'Quiet Desk');
    await sleep(1_500); // past three beeps and the urgent mark
    expect(sounds()).toEqual([]);
    expect(pushes.filter((p) => p.type === 'signedOutWaiting').at(-1)).toMatchObject({ watching: false, waiting: 0 });
    await core.stop();
  });

  it("rings for waiting chats where IT set ringWhileSignedOut, the desk's home campus as its own", async () => {
    // A backend of its own, so that only this patron waits.
    const world = await startWorld({ beepIntervalMs: 400, urgentAfterMs: 1_200, ticketOfferAfterMs: 20_000 }, { waitingFeedKey: KEY });
    world.addOperator('ada', 'Ada Lovelace', world.home.id);
    const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-between-shifts-'));
    temps.push(dataDir);
    const path = join(dataDir, 'machine.json');
    writeFileSync(path, JSON.stringify({ backendUrl: world.backend.server.url, homeCampus: world.home.id, alerts: { ringWhileSignedOut: true, waitingFeedKey: KEY } }));
    const core = new MainCore({
      settings: new SettingsStore(dataDir),
      machine: new MachinePolicy(readMachineSettings(path)),
      tokenStore: new MemoryTokenStore(),
      timing: world.timing,
      embedded: null,
      dataDir,
      waitingWatchTuning: { intervalMs: 100 },
    });
    const pushes: Push[] = [];
    core.onPush((push) => pushes.push(push));
    const sounds = () => pushes.filter((p) => p.type === 'sound');
    const lastWatch = () => pushes.filter((p) => p.type === 'signedOutWaiting').at(-1);
    try {
      await core.call('desk.subscribe', {});
      const patron = new PatronClient(world.backend.server.url);
      patrons.push(patron);
      const chatId = await patron.start(world.home.id, 'Ringing Desk', 'Is the library open on Sunday?');
      const ringing = await waitFor(() => (sounds().length >= 2 ? sounds() : null), 'two beeps while signed out', 5_000);
      expect(core.sessionView().operator).toBeNull();
      // The home campus's first ping, at the desk's own-campus volume (0.8 x 0.6), not another campus's.
      expect(ringing[0]).toMatchObject({ sound: 'ping-1', chatIds: [chatId] });
      expect(ringing[0]?.type === 'sound' && ringing[0].volume).toBeCloseTo(0.48, 5);
      expect(lastWatch()).toMatchObject({ watching: true, waiting: 1 });

      // A librarian signs in: the watch stops; the desk now rings for what the librarian's desk holds.
      await core.signIn(world.backend.server.url, 'ada', 'ada-password-123');
      await waitFor(() => lastWatch()?.type === 'signedOutWaiting' && !(lastWatch() as { watching: boolean }).watching, 'the watch stops');
    } finally {
      await core.stop();
      await world.backend.close();
    }
  });

  it('says so once, and stays silent, when the server refuses its key', async () => {
    const logged: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-between-shifts-'));
    temps.push(dataDir);
    const path = join(dataDir, 'machine.json');
    writeFileSync(path, JSON.stringify({ backendUrl: backend.server.url, homeCampus: home, alerts: { ringWhileSignedOut: true, waitingFeedKey: `${KEY}-wrong` } }));
    const core = new MainCore({
      settings: new SettingsStore(dataDir),
      machine: new MachinePolicy(readMachineSettings(path)),
      tokenStore: new MemoryTokenStore(),
      timing,
      embedded: null,
      dataDir,
      waitingWatchTuning: { intervalMs: 50 },
      log: (level, message, data) => {
        if (level === 'warn') logged.push(`${message} ${JSON.stringify(data)}`);
      },
    });
    const pushes: Push[] = [];
    core.onPush((push) => pushes.push(push));
    try {
      await core.call('desk.subscribe', {});
      // A patron of the desk's own campus waits: with the right key this desk would ring for it.
      const chatId = await patronWaits(home, 'Refused Key');
      const feed = await fetch(`${backend.server.url}/api/waiting`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(WaitingFeed.parse(await feed.json()).waiting.map((w) => w.id)).toContain(chatId);
      await sleep(1_500); // past three beeps (400 ms apart) and the urgent mark (1.2 s)
      expect(pushes.filter((p) => p.type === 'sound')).toEqual([]);
      // Watching, as IT asked, but with nothing it may ring for.
      expect(pushes.filter((p) => p.type === 'signedOutWaiting').at(-1)).toMatchObject({ watching: true, waiting: 0 });
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain('refused the waiting-feed key');
    } finally {
      await core.stop();
    }
  });
});
