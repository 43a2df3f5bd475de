/**
 * `npm run server -- [--port N] [--host H] [--db PATH] [--config PATH] [--trust-proxy] [--limit NAME=N ...]`
 * `npm run server -- add-operator --username U --name "N" --campus C [--db PATH] [--config PATH]`
 *   (password from DESKBELL_PASSWORD, or piped on stdin)
 */
import { parseArgs } from 'node:util';
import { AccountStore } from './session/accounts';
import { loadCampusConfig } from './campuses/config';
import { openDatabase } from './platform/db';
import { isServerError } from './platform/errors';
import { Limits } from './platform/limits';
import type { LogLevel } from './platform/log';
import { startServer } from './index';

const DEFAULT_CONFIG = 'config/campuses.json';

class UsageError extends Error {}

function common(values: { db?: string; config?: string }): { dbPath: string; configPath: string } {
  return {
    dbPath: values.db ?? process.env.DESKBELL_DB ?? './deskbell.db',
    configPath: values.config ?? process.env.DESKBELL_CONFIG ?? DEFAULT_CONFIG,
  };
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new UsageError(`port must be a number from 0 to 65535, got "${text}"`);
  return Number(text);
}

/** `--trust-proxy`, or DESKBELL_TRUST_PROXY=1 (also true/yes; 0, false, no or empty mean off). */
function parseTrustProxy(flag: boolean | undefined): boolean {
  if (flag) return true;
  const env = (process.env.DESKBELL_TRUST_PROXY ?? '').trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(env)) return true;
  if (['', '0', 'false', 'no'].includes(env)) return false;
  throw new UsageError(`DESKBELL_TRUST_PROXY must be 1 or 0, got "${process.env.DESKBELL_TRUST_PROXY}"`);
}

const LIMIT_NAMES = Object.keys(Limits.shape) as (keyof Limits)[];

/** `NAME=N` pairs from DESKBELL_LIMITS (comma-separated) and then each --limit flag, which win. */
function parseLimits(flags: string[] | undefined): Partial<Limits> {
  const pairs = [
    ...(process.env.DESKBELL_LIMITS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
    ...(flags ?? []),
  ];
  const limits: Partial<Record<keyof Limits, number>> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z]+)=(\d{1,9})$/.exec(pair);
    if (!match) throw new UsageError(`a limit is NAME=N (a whole number), got "${pair}"`);
    const name = match[1] as keyof Limits;
    if (!LIMIT_NAMES.includes(name)) throw new UsageError(`unknown limit "${name}"; known limits: ${LIMIT_NAMES.join(', ')}`);
    limits[name] = Number(match[2]);
  }
  const checked = Limits.partial().safeParse(limits);
  if (!checked.success) throw new UsageError(`limits are invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return limits;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.DESKBELL_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY) {
    // Typing it here would echo it on screen; an env var or a pipe keeps it out of sight.
    throw new UsageError('set DESKBELL_PASSWORD or pipe the password on stdin (it is not read from a terminal)');
  }
  const text = await readStdin();
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('no password given: set DESKBELL_PASSWORD or pipe it on stdin');
  return password;
}

async function addOperator(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      campus: { type: 'string' },
      db: { type: 'string' },
      config: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  for (const field of ['username', 'name', 'campus'] as const) {
    if (!values[field]) throw new UsageError(`--${field} is required`);
  }
  const { dbPath, configPath } = common(values);
  const campuses = loadCampusConfig(configPath);
  const password = await readPassword();
  const db = openDatabase(dbPath);
  try {
    const accounts = new AccountStore(db, new Set(campuses.map((c) => c.id)));
    const operator = accounts.addOperator({
      username: values.username ?? '',
      name: values.name ?? '',
      campus: values.campus ?? '',
      password,
    });
    process.stdout.write(`added operator ${operator.name} (${values.username}) at ${operator.campus}, id ${operator.id}\n`);
  } finally {
    db.close();
  }
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      config: { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      limit: { type: 'string', multiple: true },
    },
    strict: true,
    allowPositionals: false,
  });
  const { dbPath, configPath } = common(values);
  const trustProxy = parseTrustProxy(values['trust-proxy']);
  const limits = parseLimits(values.limit);
  const port = parsePort(values.port ?? process.env.DESKBELL_PORT ?? '8080');
  const host = values.host ?? process.env.DESKBELL_HOST ?? '127.0.0.1';
  const verbose = process.env.DESKBELL_LOG === 'debug';
  const log = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    if (level === 'debug' && !verbose) return;
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`);
  };
  // A secret, so it comes from the environment (or the service's EnvironmentFile), never a flag in `ps`.
  const waitingFeedKey = process.env.DESKBELL_WAITING_FEED_KEY?.trim() || null;
  const server = await startServer({ host, port, dbPath, configPath, trustProxy, limits, waitingFeedKey, log });
  const first = server.campuses[0]?.id ?? 'CAMPUS';
  process.stdout.write(`Deskbell server at ${server.url}\nPatron widget: ${server.url}/widget?campus=${first}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', 'shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'add-operator') return addOperator(argv.slice(1));
  if (argv[0] === 'help' || argv[0] === '--help') {
    const defaults = Limits.parse({});
    process.stdout.write(
      'usage:\n  deskbell-server [--port N] [--host H] [--db PATH] [--config PATH] [--trust-proxy] [--limit NAME=N ...]\n' +
        '  deskbell-server add-operator --username U --name "N" --campus C [--db PATH] [--config PATH]\n' +
        '    password from DESKBELL_PASSWORD or stdin\n' +
        '\n' +
        'options:\n' +
        '  --trust-proxy   (env DESKBELL_TRUST_PROXY=1) the server is reachable ONLY through one reverse proxy that\n' +
        '                  sets X-Forwarded-For: per-address limits count the address that proxy saw (the last hop).\n' +
        '                  Without it, every client behind a proxy shares the proxy\'s address. Never set it when\n' +
        '                  clients can connect directly: they could forge the header.\n' +
        '  --limit NAME=N  (env DESKBELL_LIMITS="NAME=N,NAME=N") change one limit; repeatable. Limits and defaults:\n' +
        LIMIT_NAMES.map((name) => `                    ${name}=${defaults[name]}\n`).join(''),
    );
    return;
  }
  return serve(argv);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Expected mistakes get one clear line; anything else keeps its stack for a bug report.
  const code = (error as { code?: unknown }).code;
  const known =
    error instanceof UsageError ||
    isServerError(error) ||
    (typeof code === 'string' && (code.startsWith('ERR_PARSE_ARGS') || code === 'EADDRINUSE' || code === 'EACCES'));
  process.stderr.write(`deskbell-server: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(known ? 2 : 1);
});
