/**
 * Updates that never interrupt a chat, against a local update server.
 *
 * What runs for real: electron-updater's own updater class for this platform (DebUpdater on
 * Linux) with its generic provider, version comparison, download, sha512 check and
 * install-on-quit logic; our port around it (src/main/electron/updates); the core's update
 * policy with a real backend, a real librarian session and a real patron chat.
 *
 * What is replaced, because it needs Electron: the HTTP requests (Electron's net.request
 * becomes Node's http.request, inside electron-updater's own executor, whose download and
 * checksum code is kept), the app (an AppAdapter, as electron-builder's own updater tests
 * use), the one `require('electron')` electron-updater makes after an install (a stand-in
 * autoUpdater), and the installer itself: doInstall is recorded instead of running dpkg.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppUpdater, DebUpdater as DebUpdaterClass } from 'electron-updater';
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
import { waitFor } from '../support/wait';

// electron-updater requires 'electron' lazily (after an install). Every request for 'electron'
// is answered with this stand-in before resolution, so the real package is never resolved or
// loaded (since Electron 42, loading it under plain Node starts the binary's download).
const require = createRequire(import.meta.url);
const fakeElectron = { autoUpdater: new EventEmitter() };
const STAND_IN = '/deskbell-test/electron-stand-in';
const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  return request === 'electron' || request.startsWith('electron/') ? STAND_IN : resolveFilename.call(this, request, ...rest);
};
require.cache[STAND_IN] = { id: STAND_IN, filename: STAND_IN, loaded: true, exports: fakeElectron } as NodeJS.Module;
const { DebUpdater } = require('electron-updater') as { DebUpdater: typeof DebUpdaterClass };
const { ElectronHttpExecutor } = require('electron-updater/out/electronHttpExecutor') as {
  ElectronHttpExecutor: new () => { createRequest(options: object, callback: (response: unknown) => void): unknown };
};

/** electron-updater's executor with Node's http.request in place of Electron's net.request. */
class NodeNetExecutor extends ElectronHttpExecutor {
  override createRequest(options: object, callback: (response: unknown) => void) {
    return request(options, callback);
  }
}

interface InstallOptions {
  isSilent: boolean;
  isForceRunAfter: boolean;
}

/** The real DebUpdater, except that installing is recorded instead of running dpkg. */
class RecordingDebUpdater extends DebUpdater {
  readonly installs: InstallOptions[] = [];
  protected override doInstall(options: InstallOptions): boolean {
    this.installs.push({ isSilent: options.isSilent, isForceRunAfter: options.isForceRunAfter });
    return true;
  }
}

/** The app as electron-updater sees it: a packaged Deskbell 1.0.0 whose quit the test can trigger. */
class DeskApp {
  readonly version = '1.0.0';
  readonly name = 'Deskbell';
  readonly isPackaged = true;
  readonly quitHandlers: ((code: number) => void)[] = [];
  quits = 0;
  relaunches = 0;
  constructor(readonly dir: string) {
    // What electron-builder writes into resources/app-update.yml (see electron-builder.yml, publish).
    writeFileSync(this.appUpdateConfigPath, 'provider: generic\nurl: https://updates.invalid/deskbell/\nupdaterCacheDirName: deskbell-updater\n');
  }
  get appUpdateConfigPath() {
    return join(this.dir, 'app-update.yml');
  }
  get userDataPath() {
    return join(this.dir, 'userData');
  }
  get baseCachePath() {
    return join(this.dir, 'cache');
  }
  whenReady() {
    return Promise.resolve();
  }
  relaunch() {
    this.relaunches += 1;
  }
  quit() {
    this.quits += 1;
  }
  onQuit(handler: (code: number) => void) {
    this.quitHandlers.push(handler);
  }
  /** The app quits (the librarian chose Quit): what electron-updater does then. */
  quitNow() {
    for (const handler of this.quitHandlers) handler(0);
  }
}

function newUpdater(dir: string): { updater: RecordingDebUpdater; app: DeskApp } {
  const app = new DeskApp(dir);
  const updater = new RecordingDebUpdater(null, app);
  (updater as unknown as { httpExecutor: unknown }).httpExecutor = new NodeNetExecutor();
  return { updater, app };
}

// ---- the update server ---------------------------------------------------------------------

const ARTEFACT = 'Deskbell-1.0.1-amd64.deb';
/** A stand-in installer: random bytes, so only a byte-exact download passes the sha512 check. */
const artefact = randomBytes(3 * 1024 * 1024);
const channelFile = `latest-linux${process.arch === 'x64' ? '' : `-${process.arch}`}.yml`;
/** What latest.yml promises; fixed when published, as on a real server. */
const promised = { sha512: createHash('sha512').update(artefact).digest('base64'), size: artefact.length };

/** latest.yml as electron-builder writes it (here under the Linux channel's name). */
function latestYml(version: string): string {
  const { sha512, size } = promised;
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${ARTEFACT}`,
    `    sha512: ${sha512}`,
    `    size: ${size}`,
    `path: ${ARTEFACT}`,
    `sha512: ${sha512}`,
    `releaseDate: '${new Date().toISOString()}'`,
    '',
  ].join('\n');
}

let server: Server;
let feedUrl = '';
let published = '1.0.0';
const served: string[] = [];
const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `deskbell-${prefix}-`));
  temps.push(dir);
  return dir;
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    served.push(path);
    if (path === `/updates/${channelFile}`) {
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(latestYml(published));
    } else if (path === `/updates/${ARTEFACT}` && published !== '1.0.0') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': artefact.length }).end(artefact);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates/`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
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
      updater: createUpdaterPort({ updater: updater as unknown as AppUpdater, currentVersion: app.version, log: () => undefined }),
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
    published = '1.0.1';
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
    published = '1.0.1';
    const { updater, app } = newUpdater(temp('updates-quit'));
    const port = createUpdaterPort({ updater: updater as unknown as AppUpdater, currentVersion: app.version, log: () => undefined });
    const events: string[] = [];
    port.onEvent((event) => events.push(event.type));
    port.configure(feedUrl);
    await port.check();
    await waitFor(() => events.includes('downloaded'), 'downloaded', 20_000);
    expect(events).toEqual(expect.arrayContaining(['checking', 'available', 'downloaded']));
    expect(updater.installs).toEqual([]);
    app.quitNow();
    expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: false }]);
  });

  it('reports a download whose bytes do not match latest.yml as an error, and installs nothing', async () => {
    const { updater, app } = newUpdater(temp('updates-bad'));
    const port = createUpdaterPort({ updater: updater as unknown as AppUpdater, currentVersion: app.version, log: () => undefined });
    const events: { type: string; message?: string }[] = [];
    port.onEvent((event) => events.push(event));
    port.configure(feedUrl);
    const real = artefact[0] ?? 0;
    artefact[0] = real ^ 0xff; // the server now sends other bytes than the checksum promises
    try {
      await port.check();
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
