/** The session capability's commands: librarian accounts (add-operator, set-role), both written to the audit log as 'command line'. */
import { parseArgs } from 'node:util';
import { loadCampusConfig } from '../campuses/config';
import { openDatabase } from '../platform/db';
import { type CliCommand, COMMON_FLAGS, common, helpFooter, type ServeOption, stringFlag, UsageError } from '../platform/cli';
import { AccountAdmin, AccountRefusal, COMMAND_LINE } from '../accounts/account-admin';
import { AuditLog } from '../audit/audit-log';
import { AccountRole } from '../../shared/accounts/schemas';
import { AccountStore } from './accounts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
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

export const addOperatorCommand: CliCommand = {
  name: 'add-operator',
  summary: 'add a librarian account (the password from DESKBELL_PASSWORD or stdin)',
  help: (args) =>
    [
      'usage: npm run server -- add-operator --username U --name "Full Name" --campus C [--db PATH] [--config PATH]',
      '',
      'Adds a librarian account. The password comes from DESKBELL_PASSWORD, or piped on stdin (never typed',
      'on a terminal, where it would show); at least 8 characters.',
      '',
      'options:',
      '  --username U        2-64 characters: letters, digits, . _ @ - (case-insensitive)',
      '  --name "N"          the name colleagues and patrons see',
      "  --campus C          the librarian's home campus id (see below)",
      "  --admin             an administrator of their campus: its accounts, the directory, the message templates",
      '  --head              the head of reference: an administrator of every campus (manages every account)',
      ...helpFooter(args),
    ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: {
        username: { type: 'string' },
        name: { type: 'string' },
        campus: { type: 'string' },
        admin: { type: 'boolean' },
        head: { type: 'boolean' },
        ...COMMON_FLAGS,
      },
      strict: true,
      allowPositionals: false,
    });
    for (const field of ['username', 'name', 'campus'] as const) {
      if (!values[field]) throw new UsageError(`--${field} is required (npm run server -- add-operator --help)`);
    }
    const { dbPath, configPath } = common(values);
    const campuses = loadCampusConfig(configPath);
    const password = await readPassword();
    const db = openDatabase(dbPath);
    try {
      const accounts = new AccountStore(db, new Set(campuses.map((c) => c.id)));
      const role = values.head ? 'head' : values.admin ? 'admin' : 'librarian';
      const operator = db.transaction(() => {
        const added = accounts.addOperator({ username: values.username ?? '', name: values.name ?? '', campus: values.campus ?? '', password, role });
        const record = { id: added.id, username: values.username?.trim().toLowerCase(), name: added.name, campus: added.campus, role };
        new AuditLog(db).record({ actor: COMMAND_LINE.actor, action: 'account.add', target: record.username ?? '', campus: added.campus, before: null, after: record, at: Date.now() });
        return added;
      })();
      const what = role === 'head' ? 'head of reference' : role === 'admin' ? 'admin' : 'operator';
      process.stdout.write(`added ${what} ${operator.name} (${values.username}) at ${operator.campus}, id ${operator.id}\n`);
    } finally {
      db.close();
    }
  },
};

export const setRoleCommand: CliCommand = {
  name: 'set-role',
  summary: 'make a librarian an admin or the head of reference, or no longer one',
  help: () =>
    [
      'usage: npm run server -- set-role --username U --role head|admin|librarian [--db PATH]',
      '',
      "Makes a librarian an admin of their campus (its accounts, the directory, templates), the head of",
      'reference (an admin of every campus), or a librarian again. The backend reads it on every request;',
      "the desk's menu follows at their next sign-in or reconnect. Refused for the last administrator.",
      '',
      'options:',
      '  --username U        the account',
      '  --role R            head, admin or librarian',
      '  --db PATH           DESKBELL_DB       the same database the server uses (default ./deskbell.db)',
      '  --help              this text',
      '',
    ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({ args, options: { username: { type: 'string' }, role: { type: 'string' }, db: { type: 'string' } }, strict: true, allowPositionals: false });
    if (!values.username) throw new UsageError('--username is required');
    const role = AccountRole.safeParse(values.role);
    if (!role.success) throw new UsageError('--role must be head, admin or librarian');
    const db = openDatabase(common(values).dbPath);
    try {
      const admin = new AccountAdmin(db, new AccountStore(db, new Set()), () => false, Date.now);
      admin.setRole(COMMAND_LINE, admin.idOf(values.username), role.data);
      const what = { head: 'the head of reference', admin: 'an admin', librarian: 'a librarian' }[role.data];
      process.stdout.write(`${values.username} is now ${what} (the desk's menu follows at their next sign-in or reconnect)\n`);
    } catch (error) {
      if (error instanceof AccountRefusal) throw new UsageError(error.message);
      throw error;
    } finally {
      db.close();
    }
  },
};

/** Whole days within bounds, or a usage error naming the flag. */
function parseDays(raw: string, flag: string, max: number): number {
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > max) throw new UsageError(`${flag} must be a whole number of days from 1 to ${max}`);
  return days * 24 * 60 * 60_000;
}

/** The session capability's options of `serve`: how long a session lasts unused, and at most. */
export const sessionServeOptions: ServeOption = {
  flags: { 'session-idle-days': { type: 'string' }, 'session-max-days': { type: 'string' } },
  help: [
    '  --session-idle-days N  DESKBELL_SESSION_IDLE_DAYS  a session unused this long ends (default 30)',
    '  --session-max-days N   DESKBELL_SESSION_MAX_DAYS   a session ends this long after its sign-in, however used (default 90)',
  ],
  read: (values) => {
    const idle = stringFlag(values, 'session-idle-days') ?? process.env.DESKBELL_SESSION_IDLE_DAYS;
    const max = stringFlag(values, 'session-max-days') ?? process.env.DESKBELL_SESSION_MAX_DAYS;
    return {
      ...(idle === undefined ? {} : { sessionIdleMs: parseDays(idle, '--session-idle-days', 365) }),
      ...(max === undefined ? {} : { sessionMaxMs: parseDays(max, '--session-max-days', 1095) }),
    };
  },
};
