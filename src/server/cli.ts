/**
 * The backend's command line: a composition of what each capability contributes, its commands
 * (each with its help) and its options of `serve`. Every command answers --help at once, listing
 * every flag and environment variable; mistakes get one clear line and exit code 2.
 *
 *   npm run server -- [serve] [--port N] [--host H] [--db PATH] [--config PATH] [--trust-proxy] [--limit NAME=N ...] [--log-level L]
 *   npm run server -- add-operator --username U --name "N" --campus C [--admin] [--db PATH] [--config PATH]
 *   npm run server -- set-role --username U --role head|admin|librarian [--db PATH]
 *   npm run server -- disable|enable|reset-password|end-sessions --username U [--db PATH]
 *   npm run server -- directory-edits (--campus C | --chat-service) [--limit N] [--db PATH] [--config PATH]
 *   npm run server -- import-faqs --campus C (--csv FILE | --json FILE | --libanswers URL [--group ID] [--credentials FILE]) [--keep-missing | --allow-deletions] [--db PATH] [--config PATH]
 */
import { directoryEditsCommand } from './campuses/cli';
import { emailServeOptions } from './email/cli';
import { faqServeOptions, importFaqsCommand } from './faqs/cli';
import { type CliCommand, UsageError } from './platform/cli';
import { isServerError } from './platform/errors';
import { serveCommand } from './serve';
import { accountCommands } from './accounts/cli';
import { addOperatorCommand, sessionServeOptions, setRoleCommand } from './session/cli';
import { ticketServeOptions } from './tickets/cli';
import { statisticsServeOptions } from './statistics/cli';
import { transferServeOptions } from './transfers/cli';
import { waitingFeedServeOptions } from './waiting-feed/cli';

/** Each capability's commands, in the order `--help` lists them. */
const commands: readonly CliCommand[] = [addOperatorCommand, setRoleCommand, ...accountCommands, importFaqsCommand, directoryEditsCommand];

/** Each capability's options of `serve`, in the order its help lists them. */
const serveOptions = [waitingFeedServeOptions, faqServeOptions, ticketServeOptions, emailServeOptions, transferServeOptions, statisticsServeOptions, sessionServeOptions];

const serve = serveCommand(serveOptions, commands);
const byName = new Map([serve, ...commands].map((command) => [command.name, command]));
const HELP_FLAGS = new Set(['--help', '-h', 'help']);

async function main(argv: string[]): Promise<void> {
  const named = argv[0] === undefined ? undefined : byName.get(argv[0]);
  const command = named ?? serve;
  const rest = named ? argv.slice(1) : argv;
  if (rest.some((arg) => HELP_FLAGS.has(arg)) || (argv[0] === 'help' && argv.length === 1)) {
    process.stdout.write(command.help(rest));
    return;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Expected mistakes get one clear line; anything else keeps its stack for a bug report.
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const known =
    error instanceof UsageError ||
    isServerError(error) ||
    (typeof code === 'string' && (code.startsWith('ERR_PARSE_ARGS') || code === 'EADDRINUSE' || code === 'EACCES'));
  const message = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`deskbell-server: ${message}\n`);
  process.exit(known ? 2 : 1);
});
