/**
 * Command-line and environment options of the desktop app:
 *   --demo                 embedded backend with simulated patrons
 *   --campus=ID            embedded backend: the desk librarian's home campus (default: IT's, else the first in the config)
 *   --backend-url=URL      use a backend server instead of the embedded one, https unless it is
 *                          this computer (or DESKBELL_BACKEND_URL; the flag wins)
 *   --machine-settings=PATH  IT's machine-wide settings file, instead of the OS's usual place
 *                          (or DESKBELL_MACHINE_SETTINGS; read by the core, see docs/deploy.md)
 * Chromium's and Electron's own switches pass through untouched.
 */
import { CampusId } from '../../shared/protocol/common';
import { BackendUrl } from '../../shared/session/schemas';

export interface LaunchOptions {
  demo: boolean;
  backendUrl: string | null;
  campus: string | null;
  /** --machine-settings=PATH, or null for the environment's or the OS's usual place. */
  machineSettings: string | null;
}

export class LaunchOptionError extends Error {}

function backendUrl(value: string, source: string): string {
  const parsed = BackendUrl.safeParse(value.trim());
  if (!parsed.success) throw new LaunchOptionError(`${source}: ${parsed.error.issues[0]?.message ?? 'not a backend URL'} (got ${value.slice(0, 200)})`);
  return new URL(parsed.data).toString();
}

export function parseLaunchOptions(argv: readonly string[], env: Record<string, string | undefined>): LaunchOptions {
  let demo = false;
  let url: string | null = null;
  let campus: string | null = null;
  let machineSettings: string | null = null;
  for (const arg of argv) {
    if (arg === '--demo') demo = true;
    else if (arg === '--backend-url' || arg === '--campus' || arg === '--machine-settings' || arg === '--machine-settings=') throw new LaunchOptionError(`write ${arg.replace(/=$/, '')}=VALUE`);
    else if (arg.startsWith('--backend-url=')) url = backendUrl(arg.slice('--backend-url='.length), '--backend-url');
    else if (arg.startsWith('--campus=')) {
      const id = CampusId.safeParse(arg.slice('--campus='.length));
      if (!id.success) throw new LaunchOptionError(`--campus: ${id.error.issues[0]?.message ?? 'not a campus id'}`);
      campus = id.data;
    } else if (arg.startsWith('--machine-settings=')) machineSettings = arg.slice('--machine-settings='.length);
  }
  const fromEnv = env.DESKBELL_BACKEND_URL?.trim();
  if (url === null && fromEnv) url = backendUrl(fromEnv, 'DESKBELL_BACKEND_URL');
  if (demo && url !== null) throw new LaunchOptionError('--demo runs the embedded backend; it cannot be combined with a backend URL');
  if (campus !== null && url !== null) throw new LaunchOptionError('--campus picks the embedded desk librarian; with a backend URL, sign in as your own account');
  return { demo, backendUrl: url, campus, machineSettings };
}
