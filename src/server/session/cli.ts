/** The session capability's commands: librarian accounts (add-operator, set-role). */
import { parseArgs } from 'node:util';
import { loadCampusConfig } from '../campuses/config';
import { openDatabase } from '../platform/db';
import { type CliCommand, COMMON_FLAGS, common, helpFooter, UsageError } from '../platform/cli';
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
      '  --admin             may edit the campus directory and the message templates for everyone',
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
      const operator = accounts.addOperator({
        username: values.username ?? '',
        name: values.name ?? '',
        campus: values.campus ?? '',
        password,
        role: values.admin ? 'admin' : 'librarian',
      });
      process.stdout.write(`added ${values.admin ? 'admin' : 'operator'} ${operator.name} (${values.username}) at ${operator.campus}, id ${operator.id}\n`);
    } finally {
      db.close();
    }
  },
};

export const setRoleCommand: CliCommand = {
  name: 'set-role',
  summary: 'make a librarian an admin, or no longer one',
  help: () =>
    [
      'usage: npm run server -- set-role --username U --role admin|librarian [--db PATH]',
      '',
      'Makes a librarian an admin (may edit the campus directory and templates), or no longer one.',
      'It takes effect at their next sign-in or reconnect.',
      '',
      'options:',
      '  --username U        the account',
      '  --role R            admin or librarian',
      '  --db PATH           DESKBELL_DB       the same database the server uses (default ./deskbell.db)',
      '  --help              this text',
      '',
    ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({ args, options: { username: { type: 'string' }, role: { type: 'string' }, db: { type: 'string' } }, strict: true, allowPositionals: false });
    if (!values.username) throw new UsageError('--username is required');
    if (values.role !== 'admin' && values.role !== 'librarian') throw new UsageError('--role must be admin or librarian');
    const db = openDatabase(common(values).dbPath);
    try {
      const accounts = new AccountStore(db, new Set());
      if (!accounts.setRole(values.username, values.role)) throw new UsageError(`no operator with username "${values.username}"`);
      process.stdout.write(`${values.username} is now ${values.role === 'admin' ? 'an admin' : 'a librarian'} (from their next sign-in or reconnect)\n`);
    } finally {
      db.close();
    }
  },
};
