/**
 * The server's one embedding entry: the backend inside the app, with its desk librarian. The app
 * runs it in a thread of its own (embed-worker.ts, started by the core's
 * core/embedded/embedded-thread.ts); tests and tools may start it in-process. It fits
 * the core's EmbeddedBackend port without the core ever importing the server.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AlertTiming } from '../shared/alerts/policy';
import type { Campus } from '../shared/campuses/schemas';
import { type LoginResponse, Operator } from '../shared/session/schemas';
import { type RunningServer, startServer } from './index';
import type { LogFn } from './platform/log';

const DeskAccount = Operator.omit({ id: true }).extend({ username: z.string(), password: z.string().min(16) });
type DeskAccount = z.infer<typeof DeskAccount>;
/** The desk librarians made so far, one per home campus asked for; their random passwords never leave the data folder. */
const DeskAccounts = z.object({ version: z.literal(1), accounts: z.record(z.string(), DeskAccount) });

export interface EmbeddedServer {
  readonly url: string;
  readonly campuses: readonly Campus[];
  patronUrl(campusId: string): string;
  /** Signs in the local desk operator (created on first run). */
  signInDeskOperator(): Promise<LoginResponse>;
  close(): Promise<void>;
  /** The running server itself, for tests and benchmarks that add operators. */
  readonly server: RunningServer;
}

export interface EmbeddedOptions {
  dataDir: string;
  timing?: Partial<AlertTiming>;
  log?: LogFn;
  /** The prebuilt patron widget (the desktop build's out/widget). */
  widgetDir?: string;
  /** The desk librarian's home campus, asked for by name (--campus): an unknown one is refused. */
  campus?: string | null;
  /** The desk's home campus from IT's machine settings: an unknown one is logged, and the first campus used. */
  deskCampus?: string;
  /** The port on 127.0.0.1 (a restart takes the one it had); any free port when absent. */
  port?: number;
}

function readAccounts(dataDir: string): Record<string, DeskAccount> {
  const path = join(dataDir, 'embedded-operators.json');
  const legacy = join(dataDir, 'embedded-operator.json');
  try {
    if (existsSync(path)) {
      const parsed = DeskAccounts.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (parsed.success) return parsed.data.accounts;
    } else if (existsSync(legacy)) {
      // One account, from before the desk librarian's campus could be chosen.
      const parsed = DeskAccount.safeParse(JSON.parse(readFileSync(legacy, 'utf8')));
      if (parsed.success) return { [parsed.data.campus]: parsed.data };
    }
  } catch {
    // A damaged file: new accounts are made below.
  }
  return {};
}

/**
 * The default: the chat backend in-process on 127.0.0.1, its database in the data folder,
 * and one local operator whose random password never leaves that folder.
 */
export async function startEmbeddedServer(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dataDir, log } = options;
  mkdirSync(dataDir, { recursive: true });
  const server = await startServer({
    dbPath: join(dataDir, 'embedded.db'),
    host: '127.0.0.1',
    port: options.port ?? 0,
    timing: options.timing,
    log,
    ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
  });
  const listed = (id: string | null | undefined) => id != null && server.campuses.some((c) => c.id === id);
  // IT named a home campus for this desk (machine settings): a mistake there must not stop the desk.
  if (options.deskCampus && !listed(options.deskCampus)) log?.('warn', 'the desk home campus is not in the campus config; using the first campus', { campus: options.deskCampus });
  const campus = options.campus ?? (listed(options.deskCampus) ? options.deskCampus : server.campuses[0]?.id);
  if (!campus || !listed(campus)) {
    await server.close();
    throw new Error(`unknown campus "${campus ?? ''}"; campuses: ${server.campuses.map((c) => c.id).join(', ')}`);
  }
  const accounts = readAccounts(dataDir);
  let account = accounts[campus];
  if (!account) {
    account = { username: `desk-${campus}-${randomBytes(3).toString('hex')}`, name: 'Desk Librarian', campus, password: randomBytes(24).toString('base64url') };
    // The one librarian of an app-local backend runs it: they complete and correct its campus directory.
    server.addOperator({ ...account, role: 'admin' });
    writeFileSync(join(dataDir, 'embedded-operators.json'), JSON.stringify({ version: 1, accounts: { ...accounts, [campus]: account } }), { mode: 0o600 });
  }
  const known = account;
  // A desk account made before the admin role existed runs this backend all the same.
  server.setRole(known.username, 'admin');
  return {
    url: server.url,
    campuses: server.campuses,
    patronUrl: (campusId) => `${server.url}/widget?campus=${encodeURIComponent(campusId)}`,
    async signInDeskOperator() {
      let result = await server.login(known.username, known.password);
      if (!result) {
        // The database was replaced under us: recreate the account.
        server.addOperator({ ...known, role: 'admin' });
        result = await server.login(known.username, known.password);
      }
      if (!result) throw new Error('could not sign in the embedded operator');
      return result;
    },
    close: () => server.close(),
    server,
  };
}
