/**
 * The server's one embedding entry: what the shells load, in embedded mode only, to run the
 * backend inside the app. It fits the core's EmbeddedBackend port (src/main/core/ports.ts)
 * without the core ever importing the server.
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
    port: 0,
    timing: options.timing,
    log,
    ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
  });
  const accountPath = join(dataDir, 'embedded-operator.json');
  let account: DeskAccount | null = null;
  if (existsSync(accountPath)) {
    try {
      const parsed = DeskAccount.safeParse(JSON.parse(readFileSync(accountPath, 'utf8')));
      account = parsed.success ? parsed.data : null;
    } catch {
      account = null; // a damaged file: a new account is made below
    }
  }
  if (!account) {
    const campus = server.campuses[0]?.id;
    if (!campus) throw new Error('the campus config lists no campus');
    account = { username: `desk-${randomBytes(3).toString('hex')}`, name: 'Desk Librarian', campus, password: randomBytes(24).toString('base64url') };
    // The one librarian of an app-local backend runs it: they complete and correct its campus directory.
    server.addOperator({ ...account, role: 'admin' });
    writeFileSync(accountPath, JSON.stringify(account), { mode: 0o600 });
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
