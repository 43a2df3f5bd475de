/** The browser shell's options and help: light to load, so --help and mistakes answer at once. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CampusId } from '../../shared/protocol/common';
import { BackendUrl } from '../../shared/session/schemas';
import { messageOf } from '../../shared/narrow';

export const WEB_HELP = `usage: npm run web -- [options]

Runs Deskbell in a browser: the main core under Node, the board at a local URL it prints.
Without --backend-url it starts the embedded backend (on 127.0.0.1) and signs in its desk librarian.

options (each with its environment variable; the flag wins):
  --demo                 simulated patrons arrive every half minute or so (embedded backend only)
  --campus ID            the embedded desk librarian's home campus (default: the first in config/campuses.json)
  --backend-url URL      DESKBELL_BACKEND_URL   sign in to this backend instead (https, or http to this computer)
  --port N               DESKBELL_WEB_PORT      port for the board page (default 0: any free port)
  --data-dir PATH        DESKBELL_DATA_DIR      settings, session and the embedded database (default ~/.deskbell-web)
  --machine-settings PATH DESKBELL_MACHINE_SETTINGS  IT's machine-wide settings file (default: the usual place per OS,
                                                 /etc/deskbell/config.json on Linux; see docs/deploy.md)
  --help                                        this text
`;

export class WebUsageError extends Error {}

export interface WebOptions {
  demo: boolean;
  campus: string | null;
  backendUrl: string | null;
  port: number;
  dataDir: string;
  /** IT's settings file, when given on the command line (else the environment or the usual place). */
  machineSettings: string | null;
}

/** Parse and check every option; mistakes throw WebUsageError with one clear line. Null for --help. */
export function parseWebOptions(argv: string[], env: Record<string, string | undefined>): WebOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        demo: { type: 'boolean', default: false },
        campus: { type: 'string' },
        'backend-url': { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'machine-settings': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new WebUsageError(`${messageOf(error)} (npm run web -- --help)`);
  }
  if (values.help) return null;
  const portText = values.port ?? env.DESKBELL_WEB_PORT ?? '0';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) throw new WebUsageError(`--port must be 0-65535, got "${portText}"`);
  const rawUrl = values['backend-url'] ?? env.DESKBELL_BACKEND_URL?.trim() ?? null;
  let backendUrl: string | null = null;
  if (rawUrl) {
    const parsed = BackendUrl.safeParse(rawUrl);
    if (!parsed.success) throw new WebUsageError(`--backend-url: ${parsed.error.issues[0]?.message ?? 'not a URL'}`);
    backendUrl = parsed.data.replace(/\/+$/, '');
  }
  if (values.demo && backendUrl) throw new WebUsageError('--demo runs simulated patrons against the embedded backend; it cannot be combined with --backend-url');
  let campus: string | null = null;
  if (values.campus !== undefined) {
    if (backendUrl) throw new WebUsageError('--campus picks the embedded desk librarian; with --backend-url, sign in as your own account');
    const id = CampusId.safeParse(values.campus);
    if (!id.success) throw new WebUsageError(`--campus: ${id.error.issues[0]?.message ?? 'not a campus id'}`);
    campus = id.data;
  }
  const dataDir = resolve(values['data-dir'] ?? env.DESKBELL_DATA_DIR ?? join(homedir(), '.deskbell-web'));
  return { demo: values.demo, campus, backendUrl, port, dataDir, machineSettings: values['machine-settings'] ?? null };
}

/** One clear line for a mistake; a stack only for a bug. */
export function failWeb(error: unknown): never {
  const known = error instanceof WebUsageError;
  console.error(`deskbell web: ${known || !(error instanceof Error) ? String(error instanceof Error ? error.message : error) : (error.stack ?? error.message)}`);
  process.exit(known ? 2 : 1);
}

