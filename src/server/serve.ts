/**
 * `serve`: the backend itself. Its own options (where it listens, the database, limits, the log)
 * are here; each capability contributes the rest (`ServeOption`, composed in ./cli.ts).
 */
import { parseArgs } from 'node:util';
import { messageOf } from '../shared/narrow';
import { type ServerOptions, startServer } from './index';
import { campusIdsFor, type CliCommand, common, DEFAULT_CONFIG, type FlagValues, type ParseArgsOptions, type ServeOption, stringFlag, UsageError } from './platform/cli';
import { jsonLog, LOG_LEVELS } from './platform/json-log';
import { LimitFields, Limits } from './platform/limits';
import { OLD_TRUST_PROXY_FORM, TrustedProxies } from './platform/trusted-proxies';
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

/** The bare `--trust-proxy` (nothing, or another flag, after it): checked before parseArgs, which would say something less helpful. */
function refuseBareTrustProxy(args: readonly string[]): void {
  const bare = args.some((arg, i) => arg === '--trust-proxy' && (args[i + 1] ?? '-').startsWith('-'));
  if (bare) throw new UsageError(`--${OLD_TRUST_PROXY_FORM}`);
}

/**
 * `--trust-proxy LIST`, or DESKBELL_TRUST_PROXY=LIST: the proxies whose X-Forwarded-For is
 * believed (see platform/trusted-proxies.ts). Empty, 0, false or no: none. The old on/off form
 * (the bare flag, 1, true, yes) is refused, saying what to write instead.
 */
function parseTrustProxy(flag: string | undefined): string | undefined {
  const what = flag === undefined ? 'DESKBELL_TRUST_PROXY' : '--trust-proxy';
  const value = flag ?? process.env.DESKBELL_TRUST_PROXY ?? '';
  const word = value.trim().toLowerCase();
  if (['', '0', 'false', 'no'].includes(word)) return undefined;
  if (['1', 'true', 'yes'].includes(word)) throw new UsageError(`${what}=${value}: ${OLD_TRUST_PROXY_FORM}`);
  try {
    TrustedProxies.from(value, what);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  return value;
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
    '  --trust-proxy LIST  DESKBELL_TRUST_PROXY=LIST  the reverse proxies whose X-Forwarded-For is believed, as',
    '                                              Express takes them: addresses or CIDR ranges, comma-separated',
    '                                              (10.0.0.5,10.0.1.0/29), or loopback, linklocal, uniquelocal. Per-address',
    '                                              limits then count the address a trusted proxy saw; a client that',
    "                                              connects directly is never believed. Default: none (every client behind a",
    "                                              proxy shares the proxy's address). The old bare --trust-proxy is refused.",
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
        'trust-proxy': { type: 'string' },
        limit: { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        ...contributed.reduce<ParseArgsOptions>((all, option) => ({ ...all, ...option.flags }), {}),
      };
      refuseBareTrustProxy(args);
      const flags: FlagValues = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
      const limitFlags = flags.limit;
      const { dbPath, configPath } = common(flags);
      const log = jsonLog(parseLogLevel(stringFlag(flags, 'log-level')));
      const server = await startServer({
        host: stringFlag(flags, 'host') ?? process.env.DESKBELL_HOST ?? '127.0.0.1',
        port: parsePort(stringFlag(flags, 'port') ?? process.env.DESKBELL_PORT ?? '8080'),
        dbPath,
        configPath,
        trustProxy: parseTrustProxy(stringFlag(flags, 'trust-proxy')),
        limits: parseLimits(Array.isArray(limitFlags) ? limitFlags.filter((pair) => typeof pair === 'string') : undefined),
        log,
        ...contributed.reduce<Partial<ServerOptions>>((all, option) => ({ ...all, ...option.read(flags) }), {}),
      });
      const first = server.campuses[0]?.id ?? 'CAMPUS';
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
      // Said once the signals are handled: whoever reads this line may stop the server at once, and it still closes cleanly.
      process.stdout.write(`Deskbell server at ${server.url}\nPatron widget: ${server.url}/widget?campus=${first}\n`);
    },
  };
}
