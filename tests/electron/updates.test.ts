/**
 * Updates that never interrupt a chat, against a local update server (tests/support/update-server.ts
 * says what runs for real and what is replaced). Every manifest here is signed as `npm run dist`
 * signs it; the refusals of unsigned and tampered updates are in update-signature.test.ts.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppUpdater } from 'electron-updater';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatronClient } from '../../src/dev/patron-client';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MachinePolicy } from '../../src/main/core/machine-settings/machine-policy';
import { readMachineSettings } from '../../src/main/core/machine-settings/read';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { createUpdaterPort } from '../../src/main/electron/updates/updater-port';
import type { Push } from '../../src/shared/api';
import type { UpdateView } from '../../src/shared/updates/calls';
import type { TestBackend } from '../support/backend';
import { startWorld } from '../support/harness';
import { CHANNEL_FILE, newUpdater, type RecordingDebUpdater, type DeskApp, signedManifestFor, UpdateServer } from '../support/update-server';
import { waitFor } from '../support/wait';

// ---- the update server ---------------------------------------------------------------------

const ARTEFACT = 'Deskbell-1.0.1-amd64.deb';
/** A stand-in installer: random bytes, so only a byte-exact download passes the sha512 check. */
const artefact = randomBytes(3 * 1024 * 1024);
const channelFile = CHANNEL_FILE;
/** IT's update key; the app trusts its public half. */
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const trust = { keys: [publicKey], windowsPublisherNames: [] };

const updateServer = new UpdateServer();
const served = updateServer.served;
let feedUrl = '';
/** Publish a version: its signed manifest, and (past 1.0.0) the installer. */
function publish(version: string) {
  updateServer.manifest = signedManifestFor(version, ARTEFACT, artefact, privateKey);
  if (version === '1.0.0') updateServer.files.delete(ARTEFACT);
  else updateServer.files.set(ARTEFACT, artefact);
}
const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `deskbell-${prefix}-`));
  temps.push(dir);
  return dir;
};
const port = (updater: RecordingDebUpdater, app: DeskApp) =>
  createUpdaterPort({ updater: updater as unknown as AppUpdater, currentVersion: app.version, log: () => undefined, platform: 'linux', trust });

beforeAll(async () => {
  await updateServer.start();
  feedUrl = updateServer.feedUrl;
  publish('1.0.0');
});

afterAll(async () => {
  await updateServer.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

// ---- the flow ------------------------------------------------------------------------------

describe('an update found and downloaded while the librarian holds a chat', () => {
  let backend: TestBackend;
  let core: MainCore;
  let updater: RecordingDebUpdater;
  let app: DeskApp;
  const updates: UpdateView[] = [];
  let patron: PatronClient;
  let chatId = '';

  beforeAll(async () => {
    const world = await startWorld();
    backend = world.backend;
    world.addOperator('ada', 'Ada Lovelace', world.home.id);
    const dataDir = temp('updates-desk');
    // IT's machine-wide settings name the update server, as on a desk PC.
    const machineFile = join(dataDir, 'machine.json');
    writeFileSync(machineFile, JSON.stringify({ updates: { url: feedUrl, checkEveryHours: 4 } }));
    ({ updater, app } = newUpdater(temp('updates-app')));
    core = new MainCore({
      settings: new SettingsStore(dataDir),
      machine: new MachinePolicy(readMachineSettings(machineFile)),
      tokenStore: new MemoryTokenStore(),
      timing: world.timing,
      embedded: null,
      dataDir,
      updater: port(updater, app),
      // The check at start comes at once here (15 s after start in the app).
      updateTuning: { firstCheckAfterMs: 0 },
    });
    core.onPush((push: Push) => {
      if (push.type === 'update') updates.push(push.update);
    });
    await core.signIn(backend.server.url, 'ada', 'ada-password-123');
    await waitFor(() => core.sessionView().status === 'online', 'online');
    patron = new PatronClient(backend.server.url);
    chatId = await patron.start(world.home.id, 'Maya', 'Can I renew a book online?');
    await waitFor(() => core.state.chats[chatId], 'the chat on the desk');
  });

  afterAll(async () => {
    patron?.close();
    await core?.stop();
    await backend?.close();
  });

  const current = async () => {
    const outcome = await core.call('updates.get', {});
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.value;
  };

  it('checks at start, and finds nothing newer than 1.0.0', async () => {
    await waitFor(async () => (await current()).checkedAt !== null && (await current()).state === 'idle', 'the check at start');
    expect(served).toContain(`/updates/${channelFile}`);
    expect(served).not.toContain(`/updates/${ARTEFACT}`);
  });

  it('finds 1.0.1 and downloads it in the background while the librarian is in a chat, then holds it', async () => {
    expect(await core.call('chat.claim', { chatId })).toEqual({ ok: true, value: {} });
    publish('1.0.1');
    // The periodic check, as it comes every few hours.
    const checked = await core.call('updates.check', {});
    expect(checked.ok).toBe(true);
    const ready = await waitFor(async () => ((await current()).state === 'ready' ? current() : null), 'the update downloaded', 20_000);
    expect(ready).toMatchObject({ state: 'ready', current: '1.0.0', version: '1.0.1', held: true, error: null });
    expect(served).toContain(`/updates/${ARTEFACT}`);
    expect(updates.some((u) => u.state === 'downloading' && u.version === '1.0.1')).toBe(true);

    // Confirming is refused while the chat is held: nothing installs, nothing quits.
    const refused = await core.call('updates.install', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(updater.installs).toEqual([]);
    expect(app.quits).toBe(0);
  });

  it('offers the update once the chat ends, and installs it when the librarian confirms', async () => {
    const before = updates.length;
    expect(await core.call('chat.end', { chatId })).toEqual({ ok: true, value: {} });
    // The offer: an update push that is no longer held, without anyone asking.
    await waitFor(() => updates.slice(before).find((u) => u.state === 'ready' && !u.held), 'the offer after the chat');
    const installed = await core.call('updates.install', {});
    expect(installed).toMatchObject({ ok: true, value: { state: 'installing', version: '1.0.1' } });
    // electron-updater ran its own install path: silent, start again after, then quit the app.
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
    await waitFor(() => app.quits === 1, 'the app asked to quit for the update');
  });
});

describe('an update nobody confirmed', () => {
  it('installs at the next quit, silently, by the port setting autoInstallOnAppQuit', async () => {
    publish('1.0.1');
    const { updater, app } = newUpdater(temp('updates-quit'));
    const updates = port(updater, app);
    const events: string[] = [];
    updates.onEvent((event) => events.push(event.type));
    updates.configure(feedUrl);
    await updates.check();
    await waitFor(() => events.includes('downloaded'), 'downloaded', 20_000);
    expect(events).toEqual(expect.arrayContaining(['checking', 'available', 'downloaded']));
    expect(updater.installs).toEqual([]);
    app.quitNow();
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: false }]);
  });

  it('reports a download whose bytes do not match latest.yml as an error, and installs nothing', async () => {
    const { updater, app } = newUpdater(temp('updates-bad'));
    const updates = port(updater, app);
    const events: { type: string; message?: string }[] = [];
    updates.onEvent((event) => events.push(event));
    updates.configure(feedUrl);
    const real = artefact[0] ?? 0;
    artefact[0] = real ^ 0xff; // the server now sends other bytes than the checksum promises
    try {
      await updates.check();
      await waitFor(() => events.find((e) => e.type === 'error'), 'the checksum error', 20_000);
    } finally {
      artefact[0] = real;
    }
    expect(events.map((e) => e.type)).not.toContain('downloaded');
    expect(events.find((e) => e.type === 'error')?.message).toMatch(/sha512/i);
    app.quitNow();
    expect(updater.installs).toEqual([]);
  });
});
