/**
 * `npm start` where Electron's download host cannot be reached: two lines (what failed, what to
 * do), exit 1, no stack trace, and nothing built or started. The download is made to fail by
 * pointing ELECTRON_MIRROR at a local port nothing listens on, with an empty download cache.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { downloadFailureMessage, electronMirror, electronPresent, executableIn } from '../../scripts/lib/electron-binary';

const root = fileURLToPath(new URL('../..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');
const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `deskbell-${prefix}-`));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A port that was free a moment ago: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** The environment of a desk PC that reaches nothing: no proxy, no cached zip, no local copy. */
function offlineEnv(mirror: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: mirror, electron_config_cache: temp('electron-cache') };
  for (const key of Object.keys(env)) {
    if (/^(npm_config_electron_|npm_package_config_electron_|ELECTRON_OVERRIDE_DIST_PATH$|ELECTRON_GET_USE_PROXY$)/i.test(key)) delete env[key];
  }
  return env;
}

// The test is about a machine without Electron's binary (CI, this project's build hosts).
const installed = electronPresent(electronDir, {}, process.platform);

describe('npm start without Electron', () => {
  it.skipIf(installed)('says what failed and what to do, in two lines, with no stack trace', async () => {
    const mirror = `http://127.0.0.1:${await closedPort()}/`;
    const result = spawnSync('npm', ['start', '--', '--demo'], { cwd: root, env: offlineEnv(mirror), encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    const errLines = result.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(errLines).toHaveLength(2);
    const [what, todo] = errLines as [string, string];
    expect(what).toMatch(/^Deskbell: could not download Electron \d+\.\d+\.\d+ from 127\.0\.0\.1:\d+: the host could not be reached/);
    expect(todo).toContain('npm run web -- --demo');
    expect(todo).toContain('ELECTRON_MIRROR');
    expect(todo).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(todo).toContain('electron_config_cache');
    const all = `${result.stdout}\n${result.stderr}`;
    expect(all).not.toMatch(/^\s+at /m);
    expect(all).not.toMatch(/TypeError: fetch failed\n/);
    // Nothing was built or launched after the failure.
    expect(result.stdout).not.toContain('electron-vite');
    expect(existsSync(join(electronDir, 'dist'))).toBe(false);
  });

  it('also words an HTTP refusal from the mirror (no stack trace)', () => {
    const [what] = downloadFailureMessage('45.0.0', 'https://mirror.example.edu/electron/', 'HTTPError: Response code 404 (Not Found) for https://x\n    at foo (file.js:1:1)');
    expect(what).toBe('Deskbell: could not download Electron 45.0.0 from mirror.example.edu: HTTPError: Response code 404 (Not Found) for https://x.');
  });

  it('reads the mirror from the variables @electron/get reads, npm config first', () => {
    expect(electronMirror({})).toBe('https://github.com/electron/electron/releases/download/');
    expect(electronMirror({ ELECTRON_MIRROR: 'https://a/' })).toBe('https://a/');
    expect(electronMirror({ ELECTRON_MIRROR: 'https://a/', npm_config_electron_mirror: 'https://b/' })).toBe('https://b/');
  });

  it('needs no download when ELECTRON_OVERRIDE_DIST_PATH holds an unpacked Electron', () => {
    const dist = temp('electron-local');
    expect(electronPresent(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: dist }, process.platform)).toBe(false);
    const exe = join(dist, executableIn(process.platform));
    mkdirSync(join(exe, '..'), { recursive: true });
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    expect(electronPresent(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: dist }, process.platform)).toBe(true);
  });
});
