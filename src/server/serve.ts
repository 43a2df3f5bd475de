/**
 * `serve`: the backend itself. Its own options (where it listens, the database, limits, the log)
 * are here; each capability contributes the rest (`ServeOption`, composed in ./cli.ts).
 */
import { parseArgs } from 'node:util';
import { type ServerOptions, startServer } from './index';
import { campusIdsFor, type CliCommand, common, DEFAULT_CONFIG, type FlagValues, type ParseArgsOptions, type ServeOption, stringFlag, UsageError } from './platform/cli';
import { jsonLog, LOG_LEVELS } from './platform/json-log';
import { LimitFields, Limits } from './platform/limits';
import type { LogLevel } from './platform/log';

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new UsageError(`port must be a number from 0 to 65535, got "${text}"`);
  return Number(text);
}

const isLogLevel = (level: string): level is LogLevel => LOG_LEVELS.some((known) => known === level);

function parseLogLevel(flag: string | undefined): LogLevel {
  const level = flag ?? process.env.DESKBELL_LOG_LEVEL ?? 'info';
  if (!isLogLevel(level)) throw new UsageError(`log level must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  return level;
}

/** `--trust-proxy`, or DESKBELL_TRUST_PROXY=1 (also true/yes; 0, false, no or empty mean off). */
function parseTrustProxy(flag: boolean | undefined): boolean {
  if (flag) return true;
  const env = (process.env.DESKBELL_TRUST_PROXY ?? '').trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(env)) return true;
  if (['', '0', 'false', 'no'].includes(env)) return false;
  throw new UsageError(`DESKBELL_TRUST_PROXY must be 1 or 0, got "${process.env.DESKBELL_TRUST_PROXY}"`);
}

const isLimitName = (name: string): name is keyof Limits => Object.hasOwn(Limits.shape, name);
const LIMIT_NAMES = Object.keys(Limits.shape).filter(isLimitName);

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
    const name = match[1] ?? '';
    if (!isLimitName(name)) throw new UsageError(`unknown limit "${name}"; known limits: ${LIMIT_NAMES.join(', ')}`);
    limits[name] = Number(match[2]);
  }
  const checked = LimitFields.partial().safeParse(limits);
  if (!checked.success) throw new UsageError(`limits are invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return limits;
}

/** The server's own options, before the capabilities' (limits listed with their defaults). */
function ownHelp(): string[] {
  const defaults = Limits.parse({});
  return [
    '  --port N            DESKBELL_PORT           port to listen on (default 8080; 0 picks a free one)',
    '  --host H            DESKBELL_HOST           address to bind (default 127.0.0.1; put a TLS proxy in front)',
    '  --db PATH           DESKBELL_DB             SQLite database file (default ./deskbell.db)',
    `  --config PATH       DESKBELL_CONFIG         campus config, the seed for a new database (default ${DEFAULT_CONFIG})`,
    '  --trust-proxy       DESKBELL_TRUST_PROXY=1  the server is reachable ONLY through one reverse proxy that sets',
    '                                              X-Forwarded-For: per-address limits count the address that proxy saw',
    '                                              (the last hop). Without it, every client behind a proxy shares the',
    "                                              proxy's address. Never set it when clients can connect directly.",
    '  --limit NAME=N      DESKBELL_LIMITS="NAME=N,NAME=N"  change one limit; repeatable. Limits and defaults:',
    ...Object.entries(defaults).map(([name, value]) => `                        ${name}=${value}`),
    `  --log-level L       DESKBELL_LOG_LEVEL      ${LOG_LEVELS.join(', ')} (default info); logs are JSON lines on stderr`,
  ];
}

/** `serve`, with the options the capabilities contribute; its help lists the other commands. */
export function serveCommand(contributed: readonly ServeOption[], others: readonly CliCommand[]): CliCommand {
  return {
    name: 'serve',
    summary: 'run the backend (the default command)',
    help: (args) =>
      [
        'usage: npm run server -- [serve] [options]',
        '',
        'Runs the Deskbell backend: HTTP and websockets on one port, the patron widget at /widget?campus=<id>.',
        '',
        'options (each with its environment variable; the flag wins):',
        ...ownHelp(),
        ...contributed.flatMap((option) => option.help),
        '  --help                                      this text',
        '',
        `campus ids: ${campusIdsFor(args)}`,
        '',
        'Other commands (each answers --help):',
        ...others.map((command) => `  ${command.name.padEnd(18)}${command.summary}`),
        '',
      ].join('\n'),
    run: async (args) => {
      const options: ParseArgsOptions = {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        config: { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        limit: { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        ...contributed.reduce<ParseArgsOptions>((all, option) => ({ ...all, ...option.flags }), {}),
      };
      const flags: FlagValues = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
      const limitFlags = flags.limit;
      const { dbPath, configPath } = common(flags);
      const log = jsonLog(parseLogLevel(stringFlag(flags, 'log-level')));
      const server = await startServer({
        host: stringFlag(flags, 'host') ?? process.env.DESKBELL_HOST ?? '127.0.0.1',
        port: parsePort(stringFlag(flags, 'port') ?? process.env.DESKBELL_PORT ?? '8080'),
        dbPath,
        configPath,
        trustProxy: parseTrustProxy(flags['trust-proxy'] === true),
        limits: parseLimits(Array.isArray(limitFlags) ? limitFlags.filter((pair) => typeof pair === 'string') : undefined),
        log,
        ...contributed.reduce<Partial<ServerOptions>>((all, option) => ({ ...all, ...option.read(flags) }), {}),
      });
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
    },
  };
}
