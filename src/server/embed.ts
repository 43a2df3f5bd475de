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
  /** The desk's home campus (IT's machine settings): the desk operator's campus. Default: the first configured. */
  deskCampus?: string;
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
  // IT named another home campus for this desk: a desk operator of that campus replaces the old one.
  const wanted = server.campuses.find((c) => c.id === options.deskCampus)?.id;
  if (options.deskCampus && !wanted) log?.('warn', 'the desk home campus is not in the campus config; using the first campus', { campus: options.deskCampus });
  if (account && wanted && account.campus !== wanted) account = null;
  if (!account) {
    const campus = wanted ?? server.campuses[0]?.id;
    if (!campus) throw new Error('the campus config lists no campus');
    account = { username: `desk-${randomBytes(3).toString('hex')}`, name: 'Desk Librarian', campus, password: randomBytes(24).toString('base64url') };
    server.addOperator(account);
    writeFileSync(accountPath, JSON.stringify(account), { mode: 0o600 });
  }
  const known = account;
  return {
    url: server.url,
    campuses: server.campuses,
    patronUrl: (campusId) => `${server.url}/widget?campus=${encodeURIComponent(campusId)}`,
    async signInDeskOperator() {
      let result = await server.login(known.username, known.password);
      if (!result) {
        // The database was replaced under us: recreate the account.
        server.addOperator(known);
        result = await server.login(known.username, known.password);
      }
      if (!result) throw new Error('could not sign in the embedded operator');
      return result;
    },
    close: () => server.close(),
    server,
  };
}
