/**
 * `npm run server -- [--port N] [--host H] [--db PATH] [--config PATH]`
 * `npm run server -- add-operator --username U --name "N" --campus C [--db PATH] [--config PATH]`
 *   (password from DESKBELL_PASSWORD, or piped on stdin)
 */
import { parseArgs } from 'node:util';
import { AccountStore } from './accounts';
import { loadCampusConfig } from './config';
import { openDatabase } from './db';
import { isServerError } from './errors';
import type { LogLevel } from './log';
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
    },
    strict: true,
    allowPositionals: false,
  });
  const { dbPath, configPath } = common(values);
  const port = parsePort(values.port ?? process.env.DESKBELL_PORT ?? '8080');
  const host = values.host ?? process.env.DESKBELL_HOST ?? '127.0.0.1';
  const verbose = process.env.DESKBELL_LOG === 'debug';
  const log = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    if (level === 'debug' && !verbose) return;
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`);
  };
  const server = await startServer({ host, port, dbPath, configPath, log });
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
    process.stdout.write(
      'usage:\n  deskbell-server [--port N] [--host H] [--db PATH] [--config PATH]\n' +
        '  deskbell-server add-operator --username U --name "N" --campus C [--db PATH] [--config PATH]\n' +
        '    password from DESKBELL_PASSWORD or stdin\n',
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
