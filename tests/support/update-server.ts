/**
 * A desk app's updater against a real update server on 127.0.0.1, without Electron.
 *
 * What runs for real: electron-updater's own updater class for this platform (DebUpdater on
 * Linux) with its generic provider, version comparison, download, sha512 check and
 * install-on-quit logic, and the manifests signed by the release script's own code
 * (scripts/lib/update-signing.ts).
 *
 * What is replaced, because it needs Electron: the HTTP requests (Electron's net.request
 * becomes Node's http.request, inside electron-updater's own executor, whose download and
 * checksum code is kept), the app (an AppAdapter, as electron-builder's own updater tests
 * use), the one `require('electron')` electron-updater makes after an install (a stand-in
 * autoUpdater), and the installer itself: doInstall is recorded instead of running dpkg.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DebUpdater as DebUpdaterClass } from 'electron-updater';
import { signManifestText } from '../../scripts/lib/update-signing';

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

export interface InstallOptions {
  isSilent: boolean;
  isForceRunAfter: boolean;
}

/** The real DebUpdater, except that installing is recorded instead of running dpkg. */
export class RecordingDebUpdater extends DebUpdater {
  readonly installs: InstallOptions[] = [];
  protected override doInstall(options: InstallOptions): boolean {
    this.installs.push({ isSilent: options.isSilent, isForceRunAfter: options.isForceRunAfter });
    return true;
  }
}

/** The app as electron-updater sees it: a packaged Deskbell 1.0.0 whose quit the test can trigger. */
export class DeskApp {
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

export function newUpdater(dir: string): { updater: RecordingDebUpdater; app: DeskApp } {
  const app = new DeskApp(dir);
  const updater = new RecordingDebUpdater(null, app);
  (updater as unknown as { httpExecutor: unknown }).httpExecutor = new NodeNetExecutor();
  return { updater, app };
}

/** The channel file electron-updater asks for on this machine (Linux's, as DebUpdater reads it). */
export const CHANNEL_FILE = `latest-linux${process.arch === 'x64' ? '' : `-${process.arch}`}.yml`;

/** latest.yml as electron-builder writes it, for one artefact. */
export function manifestFor(version: string, name: string, bytes: Buffer): string {
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${name}`,
    `    sha512: ${sha512}`,
    `    size: ${bytes.length}`,
    `path: ${name}`,
    `sha512: ${sha512}`,
    `releaseDate: '${new Date().toISOString()}'`,
    '',
  ].join('\n');
}

/** The manifest signed as `npm run dist` signs it: by the release script's code, against the artefact in a release folder. */
export function signedManifestFor(version: string, name: string, bytes: Buffer, key: KeyObject): string {
  const releaseDir = mkdtempSync(join(tmpdir(), 'deskbell-release-'));
  try {
    writeFileSync(join(releaseDir, name), bytes);
    return signManifestText(manifestFor(version, name, bytes), key, releaseDir);
  } finally {
    rmSync(releaseDir, { recursive: true, force: true });
  }
}

/** A plain update folder over HTTP: the channel file and the artefacts published now. */
export class UpdateServer {
  manifest = '';
  readonly files = new Map<string, Buffer>();
  readonly served: string[] = [];
  feedUrl = '';
  private server: Server | null = null;

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.served.push(path);
      const file = this.files.get(path.replace(/^\/updates\//, ''));
      if (path === `/updates/${CHANNEL_FILE}` && this.manifest) {
        res.writeHead(200, { 'content-type': 'text/yaml' }).end(this.manifest);
      } else if (file) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length }).end(file);
      } else {
        res.writeHead(404).end('not found');
      }
    });
    this.server = server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    this.feedUrl = `http://127.0.0.1:${port}/updates/`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((done) => server.close(() => done()));
  }
}
