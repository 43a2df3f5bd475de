import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AlertTiming } from '../../shared/alerts';
import { type LoginResponse, Operator } from '../../shared/protocol';
import { type RunningServer, startServer } from '../../server';
import type { LogFn } from './options';

const DemoAccount = Operator.omit({ id: true }).extend({ username: z.string(), password: z.string().min(16) });
type DemoAccount = z.infer<typeof DemoAccount>;

export interface EmbeddedBackend {
  server: RunningServer;
  /** Signs in the local desk operator (created on first run). */
  login(): Promise<LoginResponse>;
}

/**
 * The default: the chat backend in-process on 127.0.0.1, its database in the data folder,
 * and one local operator whose random password never leaves that folder.
 */
export async function startEmbeddedBackend(dataDir: string, timing: Partial<AlertTiming>, log?: LogFn, widgetDir?: string): Promise<EmbeddedBackend> {
  mkdirSync(dataDir, { recursive: true });
  const server = await startServer({ dbPath: join(dataDir, 'embedded.db'), host: '127.0.0.1', port: 0, timing, log, ...(widgetDir ? { widgetDir } : {}) });
  const accountPath = join(dataDir, 'embedded-operator.json');
  let account: DemoAccount | null = null;
  if (existsSync(accountPath)) {
    const parsed = DemoAccount.safeParse(JSON.parse(readFileSync(accountPath, 'utf8')));
    account = parsed.success ? parsed.data : null;
  }
  if (!account) {
    const campus = server.campuses[0]?.id;
    if (!campus) throw new Error('the campus config lists no campus');
    account = { username: `desk-${randomBytes(3).toString('hex')}`, name: 'Desk Librarian', campus, password: randomBytes(24).toString('base64url') };
    server.addOperator(account);
    writeFileSync(accountPath, JSON.stringify(account), { mode: 0o600 });
  }
  const known = account;
  return {
    server,
    async login() {
      let result = await server.login(known.username, known.password);
      if (!result) {
        // The database was replaced under us: recreate the account.
        server.addOperator(known);
        result = await server.login(known.username, known.password);
      }
      if (!result) throw new Error('could not sign in the embedded operator');
      return result;
    },
  };
}
