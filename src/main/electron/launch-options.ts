/**
 * Command-line and environment options of the desktop app:
 *   --demo                 embedded backend with simulated patrons
 *   --backend-url=URL      use a backend server instead of the embedded one
 *                          (or DESKBELL_BACKEND_URL; the flag wins)
 *   --machine-settings=PATH  IT's machine-wide settings file, instead of the OS's usual place
 *                          (or DESKBELL_MACHINE_SETTINGS; read by the core, see docs/deploy.md)
 * Chromium's and Electron's own switches pass through untouched.
 */
export interface LaunchOptions {
  demo: boolean;
  backendUrl: string | null;
  /** --machine-settings=PATH, or null for the environment's or the OS's usual place. */
  machineSettings: string | null;
}

export class LaunchOptionError extends Error {}

function httpUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LaunchOptionError(`${source} is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LaunchOptionError(`${source} must be an http(s) URL: ${value}`);
  return url.toString();
}

export function parseLaunchOptions(argv: readonly string[], env: Record<string, string | undefined>): LaunchOptions {
  let demo = false;
  let backendUrl: string | null = null;
  let machineSettings: string | null = null;
  for (const arg of argv) {
    if (arg === '--demo') demo = true;
    else if (arg === '--backend-url') throw new LaunchOptionError('write --backend-url=URL');
    else if (arg.startsWith('--backend-url=')) backendUrl = httpUrl(arg.slice('--backend-url='.length), '--backend-url');
    else if (arg === '--machine-settings' || arg === '--machine-settings=') throw new LaunchOptionError('write --machine-settings=PATH');
    else if (arg.startsWith('--machine-settings=')) machineSettings = arg.slice('--machine-settings='.length);
  }
  const fromEnv = env.DESKBELL_BACKEND_URL?.trim();
  if (backendUrl === null && fromEnv) backendUrl = httpUrl(fromEnv, 'DESKBELL_BACKEND_URL');
  if (demo && backendUrl !== null) throw new LaunchOptionError('--demo runs the embedded backend; it cannot be combined with a backend URL');
  return { demo, backendUrl, machineSettings };
}
