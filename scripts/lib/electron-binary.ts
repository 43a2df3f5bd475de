/**
 * Where `npm start` gets Electron's binary, and what it says when it cannot. The download is
 * Electron's own installer (node_modules/electron/install.js, run as `install-electron`), so
 * every variable it honours keeps working; this module only decides whether to run it and
 * turns a failure into two plain lines instead of a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Electron's default download host, as @electron/get names it. */
export const DEFAULT_ELECTRON_MIRROR = 'https://github.com/electron/electron/releases/download/';

type Env = Record<string, string | undefined>;

/** The mirror the installer will use: the same variables, in the same order, @electron/get reads. */
export function electronMirror(env: Env): string {
  return (
    env.npm_config_electron_mirror ||
    env.NPM_CONFIG_ELECTRON_MIRROR ||
    env.npm_package_config_electron_mirror ||
    env.ELECTRON_MIRROR ||
    DEFAULT_ELECTRON_MIRROR
  );
}

/** The executable's path inside an unpacked Electron, per platform (as install.js lays it out). */
export function executableIn(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * Whether Electron can start without a download: a local copy named by
 * ELECTRON_OVERRIDE_DIST_PATH (which the electron package then runs), or a finished install
 * in node_modules/electron/dist.
 */
export function electronPresent(electronDir: string, env: Env, platform: NodeJS.Platform): boolean {
  const exe = executableIn(platform);
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return existsSync(join(env.ELECTRON_OVERRIDE_DIST_PATH, exe));
  try {
    const version = readFileSync(join(electronDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const wanted = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
    return version === wanted && existsSync(join(electronDir, 'dist', exe));
  } catch {
    return false;
  }
}

/** The first line of the installer's error output that is not part of a stack trace. */
export function firstErrorLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim());
  const line = lines.find((l) => l !== '' && !l.startsWith('at ') && !/^\^+$/.test(l) && !l.startsWith('node:'));
  return (line ?? 'the installer exited without saying why').slice(0, 200);
}

/** The failure in words: undici's bare "fetch failed" means nothing answered. */
function describeFailure(stderr: string): string {
  const line = firstErrorLine(stderr);
  return /fetch failed/i.test(line) ? `the host could not be reached (${line})` : line;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** The two lines: what failed, and what to do. */
export function downloadFailureMessage(version: string, mirror: string, stderr: string): [string, string] {
  return [
    `Deskbell: could not download Electron ${version} from ${hostOf(mirror)}: ${describeFailure(stderr)}.`,
    'Run it in a browser instead with `npm run web -- --demo`, or set ELECTRON_MIRROR to a reachable mirror, or use a local copy through ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron) or electron_config_cache (a folder holding the Electron zip); see docs/deploy.md.',
  ];
}

export interface EnsureResult {
  ok: boolean;
  /** What to print (to stderr) when it failed: exactly two lines. */
  message: [string, string] | null;
}

/** Runs Electron's installer unless Electron is already there; never lets its stack trace through. */
export function ensureElectron(env: Env = process.env, platform: NodeJS.Platform = process.platform): EnsureResult {
  const electronDir = dirname(require.resolve('electron/package.json'));
  if (electronPresent(electronDir, env, platform)) return { ok: true, message: null };
  const version = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
  const mirror = electronMirror(env);
  console.log(`Downloading Electron ${version} from ${hostOf(mirror)} (once; it is cached afterwards)…`);
  // The installer's errors are kept, not shown: its stack trace helps nobody at a reference desk.
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status === 0) return { ok: true, message: null };
  const stderr = result.error ? String(result.error) : (result.stderr ?? '');
  return { ok: false, message: downloadFailureMessage(version, mirror, stderr) };
}
