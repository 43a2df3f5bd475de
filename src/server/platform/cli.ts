/**
 * What every command of the backend's command line shares (src/server/cli.ts composes them):
 * the shape of a command and of a server option a capability contributes, usage errors, and
 * the database and campus config every command reads.
 */
import type { ParseArgsConfig } from 'node:util';
import { loadCampusConfig } from '../campuses/config';
import type { ServerOptions } from '../index';

/** A mistake on the command line: one clear line, exit code 2. */
export class UsageError extends Error {}

/** A command a capability contributes (`npm run server -- <name>`). */
export interface CliCommand {
  name: string;
  /** One line for the list of commands in `--help`. */
  summary: string;
  /** The whole help: usage, every flag and environment variable (args: to read --config for the campus ids). */
  help(args: string[]): string;
  run(args: string[]): Promise<void>;
}

/** The flags a command or option declares, as node:util's parseArgs takes them. */
export type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

/** Parsed flag values, as node:util's parseArgs gives them for a composed set of options. */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Options of `serve` a capability contributes: its flags, their lines in the help, and what they set. */
export interface ServeOption {
  flags: ParseArgsOptions;
  /** Help lines, aligned like the others (flag, environment variable, what it does). */
  help: string[];
  /** The server options these flags (or their environment variables) set; throws UsageError on a bad value. */
  read(values: FlagValues): Partial<ServerOptions>;
}

/** A string flag's value (parseArgs guarantees the type; this keeps the compiler told without a cast). */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export const DEFAULT_CONFIG = 'config/campuses.json';

export function common(values: FlagValues): { dbPath: string; configPath: string } {
  return {
    dbPath: stringFlag(values, 'db') ?? process.env.DESKBELL_DB ?? './deskbell.db',
    configPath: stringFlag(values, 'config') ?? process.env.DESKBELL_CONFIG ?? DEFAULT_CONFIG,
  };
}

/** The help lines of the flags `common` reads, as every command that opens the database lists them. */
export const COMMON_HELP = [
  '  --db PATH           DESKBELL_DB       the same database the server uses (default ./deskbell.db)',
  `  --config PATH       DESKBELL_CONFIG   campus config (default ${DEFAULT_CONFIG})`,
  '  --help              this text',
] as const;

/** The parseArgs options of the flags `common` reads. */
export const COMMON_FLAGS = { db: { type: 'string' }, config: { type: 'string' } } as const;

/** The end of a command's help: the common flags, then the campus ids it accepts. */
export const helpFooter = (args: string[]): string[] => [...COMMON_HELP, '', `campus ids: ${campusIdsFor(args)}`, ''];

/** The campus ids a command accepts, from the config it would use (for its help). */
export function campusIdsFor(args: string[]): string {
  const at = args.indexOf('--config');
  const path = (at >= 0 ? args[at + 1] : undefined) ?? process.env.DESKBELL_CONFIG ?? DEFAULT_CONFIG;
  try {
    return loadCampusConfig(path)
      .map((c) => c.id)
      .join(', ');
  } catch (error) {
    return `(cannot read ${path}: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Whole seconds within bounds, or a usage error naming the flag. */
export function parseSeconds(raw: string, flag: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new UsageError(`${flag} must be whole seconds from ${min} to ${max}, got "${raw}"`);
  return n;
}
