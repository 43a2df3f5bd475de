/**
 * Builds the app with electron-vite, then runs electron-builder on electron-builder.yml as
 * far as this machine allows: an unpacked Linux app (--dir) from a stand-in Electron
 * distribution, with every download host made unreachable, so a config or layout mistake
 * fails here rather than on a librarian's desk.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { load as loadYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIcons } from '../../scripts/lib/icons';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version as string;
/** A closed port: anything that tries to download fails fast instead of passing by luck. */
const NO_NETWORK = 'http://127.0.0.1:9';

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `deskbell-${prefix}-`));
  temps.push(dir);
  return dir;
};

/** The fuse wire a real Electron binary carries: a sentinel, the wire version, its length, one byte a fuse. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, V8Snapshot, FileProtocolPrivileges. */
const FUSES_AS_SHIPPED = '10110001';

/**
 * An unpacked Linux Electron: electron-builder needs the executable it renames, and the fuse
 * wire (as in a real binary) so that it can flip the fuses electron-builder.yml asks for.
 */
function standInElectron(): string {
  const dist = temp('electron-dist');
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, FUSES_AS_SHIPPED.length]), Buffer.from(FUSES_AS_SHIPPED)]);
  writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron"\nexit 0\n# '), wire, Buffer.from('\n')]));
  chmodSync(join(dist, 'electron'), 0o755);
  return dist;
}

/** The real app, built as `npm run dist` builds it (out/ is build output, shared with `npm run build`). */
function buildApp(): void {
  execFileSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'pipe' });
  execFileSync(bin('tsx'), ['scripts/build-widget.ts'], { cwd: root, stdio: 'pipe' });
}

/** electron-builder silences its log when it sees VITEST, and the version check reads that log. */
function withoutVitest(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VITEST')));
}

let log = '';
let resources = '';
let appDir = '';
let asarFiles: string[] = [];

/** A file in each build the app must not carry (the browser mode's, the benchmarks' core), whether or not one was built here before. */
const NOT_PACKED = ['web', 'bench-core'].map((dir) => join(root, 'out', dir, 'packaging-probe.js'));

beforeAll(() => {
  buildApp();
  for (const file of NOT_PACKED) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '// not for the desktop app\n');
  }
  const output = temp('release');
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      '--config',
      'electron-builder.yml',
      `-c.electronDist=${standInElectron()}`,
      '-c.npmRebuild=false', // rebuilding for Electron needs its headers from the network
      `-c.directories.output=${output}`,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...withoutVitest(process.env),
        HTTP_PROXY: NO_NETWORK,
        HTTPS_PROXY: NO_NETWORK,
        http_proxy: NO_NETWORK,
        https_proxy: NO_NETWORK,
        NO_PROXY: '',
        no_proxy: '',
        ELECTRON_GET_USE_PROXY: '1',
        ELECTRON_MIRROR: `${NO_NETWORK}/`,
        npm_config_offline: 'true',
      },
    },
  );
  log = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${log}`);
  const unpacked = readdirSync(output).find((name) => /^linux(-\w+)?-unpacked$/.test(name));
  if (!unpacked) throw new Error(`no linux-*-unpacked in ${output}:\n${log}`);
  appDir = join(output, unpacked);
  resources = join(appDir, 'resources');
  asarFiles = listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.split(sep).join('/'));
}, 180_000);

afterAll(() => {
  for (const file of NOT_PACKED) rmSync(file, { force: true });
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe(`electron-builder.yml, packaged for Linux (--dir)`, () => {
  it('takes the Electron version from the installed electron package', () => {
    expect(config).not.toMatch(/^\s*electronVersion\s*:/m);
    expect(log).toContain(`electron=${electronVersion}`);
  });

  it('renames the Electron executable to deskbell', () => {
    const exe = join(appDir, 'deskbell');
    expect(existsSync(exe)).toBe(true);
    expect(statSync(exe).mode & 0o111).not.toBe(0);
  });

  it('puts package.json and the built main process in app.asar, and the manifest points at it', () => {
    expect(asarFiles).toContain('/package.json');
    expect(asarFiles).toContain('/out/main/index.js');
    const manifest = JSON.parse(extractFile(join(resources, 'app.asar'), 'package.json').toString('utf8')) as { main: string };
    expect(asarFiles).toContain(`/${manifest.main}`);
  });

  it('packs every file electron-vite built', () => {
    const built = ['main', 'preload', 'renderer', 'widget']
      .map((part) => join(root, 'out', part))
      .flatMap((dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)))
      .map((file) => `/${relative(root, file).split(sep).join('/')}`)
      .filter((file) => !file.endsWith('.map'));
    expect(built.length).toBeGreaterThan(0);
    for (const file of built) expect(asarFiles).toContain(file);
  });

  it("leaves out sources, tests, source maps, the browser-mode build and the benchmarks' build of the core", () => {
    const leaked = asarFiles.filter((p) => /^\/(src|tests|bench|scripts|out\/web|out\/bench-core)\//.test(p) || p.endsWith('.map'));
    expect(leaked).toEqual([]);
  });

  it('flips the Electron fuses that guard the session token and the app code', () => {
    const binary = readFileSync(join(appDir, 'deskbell'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + FUSES_AS_SHIPPED.length).toString('latin1');
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, asar only on,
    // V8 snapshot as shipped, file:// extra privileges off (the renderer comes from deskbell://app/).
    expect(wire).toBe('01001100');
  });

  it('ships the prebuilt patron widget and not esbuild, which only bundles it from source', () => {
    for (const file of ['index.html', 'widget.css', 'widget.js']) expect(asarFiles).toContain(`/out/widget/${file}`);
    expect(asarFiles.filter((p) => p.startsWith('/node_modules/esbuild/') || p.startsWith('/node_modules/@esbuild/'))).toEqual([]);
  });

  it("ships better-sqlite3's runtime dependencies", () => {
    expect(asarFiles).toContain('/node_modules/better-sqlite3/lib/index.js');
    expect(asarFiles).toContain('/node_modules/bindings/bindings.js');
  });

  it('unpacks the better-sqlite3 addon where the bindings loader looks, without its C sources', () => {
    const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(existsSync(join(resources, 'app.asar.unpacked', addon))).toBe(true);
    expect((statFile(join(resources, 'app.asar'), addon) as { unpacked?: boolean }).unpacked).toBe(true);
    const shipped = [...asarFiles, ...readdirSync(join(resources, 'app.asar.unpacked'), { recursive: true }).map(String)];
    expect(shipped.filter((p) => /sqlite3\.c$|test_extension\.node$|\/obj(\.target)?\//.test(p))).toEqual([]);
  });

  it('copies every tray icon to resources/icons, where the packaged tray reads them', () => {
    const tray = [...generateIcons().keys()].filter((file) => file.startsWith('tray-')).sort();
    expect(tray.length).toBeGreaterThan(20);
    expect(readdirSync(join(resources, 'icons')).filter((f) => f.startsWith('tray-')).sort()).toEqual(tray);
    for (const file of tray) expect(readFileSync(join(resources, 'icons', file)).equals(readFileSync(join(root, 'assets/icons', file)))).toBe(true);
  });

  it('builds one NSIS installer for per-user and per-machine installs, per-machine first, silent with /S', () => {
    // electron-builder checked these keys against its schema in the build above; here, their values.
    const nsis = (loadYaml(config) as { nsis: Record<string, unknown>; win: { target: string[] } }).nsis;
    expect(nsis).toMatchObject({
      oneClick: false, // the assisted installer, which asks "for all users" or "only for me"
      perMachine: false, // not forced: a librarian without admin rights can still install for themselves
      allowElevation: true, // "for all users" elevates to Program Files
      selectPerMachineByDefault: true, // what IT pushes, and what a silent /S install does
      allowToChangeInstallationDirectory: true, // /D= for silent installs
    });
    expect(String(nsis.artifactName)).not.toMatch(/\s/);
    expect((loadYaml(config) as { win: { target: string[] } }).win.target).toEqual(['nsis']);
  });

  it("puts the machine-wide settings reader in the packaged main process", () => {
    const main = extractFile(join(resources, 'app.asar'), 'out/main/index.js').toString('utf8');
    expect(main).toContain('DESKBELL_MACHINE_SETTINGS');
    expect(main).toMatch(/function readMachineSettings\(/);
    expect(main).toMatch(/function defaultMachineSettingsPath\(/);
    // Windows' folder comes from HKLM, never %PROGRAMDATA% (core/machine-settings/system-guard.ts).
    for (const part of ['"/etc"', '"deskbell"', '"config.json"', '"Application Support"', '"Deskbell"', 'Common AppData']) expect(main).toContain(part);
    expect(main).toContain('can be changed by someone who is not an administrator');
  });

  it('puts the update signature check in the packaged main process', () => {
    const main = extractFile(join(resources, 'app.asar'), 'out/main/index.js').toString('utf8');
    for (const part of ['deskbellSignature', 'deskbell-update/1', 'update refused: ', 'update install refused: ']) expect(main).toContain(part);
    expect(main).toMatch(/function verifyUpdate\(/);
  });

  it('ships electron-updater, and the app-update.yml that names its cache folder', () => {
    expect(asarFiles).toContain('/node_modules/electron-updater/out/main.js');
    expect(asarFiles).toContain('/node_modules/builder-util-runtime/out/index.js');
    const updateConfig = loadYaml(readFileSync(join(resources, 'app-update.yml'), 'utf8')) as Record<string, unknown>;
    expect(updateConfig).toMatchObject({ provider: 'generic', updaterCacheDirName: expect.any(String) });
  });

  it('rebuilds native modules for Electron at package time, never on install', () => {
    expect(config).toMatch(/^npmRebuild:\s*true\s*$/m);
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(scripts[hook] ?? '', `${hook} script`).not.toMatch(/rebuild|install-app-deps|electron-builder/);
    }
  });
});
