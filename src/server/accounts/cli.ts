/**
 * The accounts capability's commands: disable, enable, reset-password, end-sessions. Each acts as
 * 'command line' (every campus, like the head of reference), goes through the same rules as the
 * app (never the last administrator) and is written to the audit log. A server running on the
 * same database hears of it within seconds and closes the account's open desks.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../platform/db';
import { type CliCommand, common, UsageError } from '../platform/cli';
import { AccountStore } from '../session/accounts';
import { AccountAdmin, AccountRefusal, COMMAND_LINE, type Changed } from './account-admin';

const DB_HELP = [
  '  --username U        the account',
  '  --db PATH           DESKBELL_DB       the same database the server uses (default ./deskbell.db)',
  '  --help              this text',
  '',
];

/** Open the database, act on one account by username, and close; a refusal is one line (exit 2). */
async function onAccount(args: string[], act: (admin: AccountAdmin, operatorId: string) => Promise<string>): Promise<void> {
  const { values } = parseArgs({ args, options: { username: { type: 'string' }, db: { type: 'string' } }, strict: true, allowPositionals: false });
  if (!values.username) throw new UsageError('--username is required');
  const db = openDatabase(common(values).dbPath);
  try {
    // Campuses are not checked here: no command below moves an account to one.
    const admin = new AccountAdmin(db, new AccountStore(db, new Set()), () => false, Date.now);
    const line = await act(admin, admin.idOf(values.username));
    process.stdout.write(`${line}\n`);
  } catch (error) {
    if (error instanceof AccountRefusal) throw new UsageError(error.message);
    throw error;
  } finally {
    db.close();
  }
}

function accountCommand(name: string, summary: string, explain: string[], act: (admin: AccountAdmin, operatorId: string) => Promise<string>): CliCommand {
  return {
    name,
    summary,
    help: () => [`usage: npm run server -- ${name} --username U [--db PATH]`, '', ...explain, '', 'options:', ...DB_HELP].join('\n'),
    run: (args) => onAccount(args, act),
  };
}

const who = (changed: Changed): string => `${changed.account.name} (${changed.account.username})`;

export const disableCommand = accountCommand(
  'disable',
  "disable an account: it cannot sign in, its sessions end, its desks close, its chats go back to the queue",
  [
    'Disables an account: it can no longer sign in, and every session and device token of it ends. A',
    "running server closes the account's open desks within seconds and puts the chats it held back",
    "in their campus's queue. Refused for the last administrator or the last head of reference.",
  ],
  async (admin, id) => `disabled ${who(admin.disable(COMMAND_LINE, id))}`,
);

export const enableCommand = accountCommand(
  'enable',
  'enable a disabled account again',
  ['Enables a disabled account: it may sign in again (with its password as it was).'],
  async (admin, id) => `enabled ${who(admin.enable(COMMAND_LINE, id))}`,
);

export const resetPasswordCommand = accountCommand(
  'reset-password',
  'give an account a temporary password (printed), to be changed at its next sign-in; its sessions end',
  [
    'Gives the account a new temporary password, printed once here: the librarian signs in with it and',
    'must choose their own at once. Every session and device token of the account ends.',
  ],
  async (admin, id) => {
    const reset = await admin.resetPassword(COMMAND_LINE, id);
    return `temporary password for ${who(reset)}: ${reset.temporaryPassword}\n(they choose their own at the next sign-in; their sessions have ended)`;
  },
);

export const endSessionsCommand = accountCommand(
  'end-sessions',
  'end every session and device token of an account (its desks close, its chats go back to the queue)',
  [
    'Ends every session and device token of an account: each desk signed in as it must sign in again',
    "(a running server closes them within seconds, and puts the chats it held back in their campus's queue).",
  ],
  async (admin, id) => `ended every session of ${who(admin.endSessions(COMMAND_LINE, id))}`,
);

export const accountCommands: readonly CliCommand[] = [disableCommand, enableCommand, resetPasswordCommand, endSessionsCommand];
