/** The campus directory's command line: directory-edits (who changed what in the app). */
import { parseArgs } from 'node:util';
import { type CliCommand, COMMON_FLAGS, common, helpFooter, UsageError } from '../platform/cli';
import { openDatabase } from '../platform/db';
import { loadCampusSeed } from './config';
import { CampusDirectory, CHAT_SERVICE_TARGET, type DirectoryEdit } from './directory';

/** A field's value for one line of output: text as it is (shortened), anything else as JSON. */
function shortValue(value: unknown): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function formatEdit(edit: DirectoryEdit): string {
  const when = `${new Date(edit.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const changes = edit.changes.map((c) => `    ${c.field}: ${shortValue(c.before)} -> ${shortValue(c.after)}`);
  return [`${when}  ${edit.operatorName} (${edit.operatorId})`, ...changes].join('\n');
}

/** The directory's edit record, read back: who changed what, and from what to what. */
export const directoryEditsCommand: CliCommand = {
  name: 'directory-edits',
  summary: "who changed a campus's directory entry (or the chat service) in the app, and how",
  help: (args) =>
    [
      'usage: npm run server -- directory-edits (--campus C | --chat-service) [--limit N] [--db PATH] [--config PATH]',
      '',
      "Who changed a campus's directory entry (or the chat service) in the app, when, and each field's value",
      'before and after, newest first. Safe to run next to a running server.',
      '',
      'options:',
      '  --campus C          the campus (see below)',
      '  --chat-service      the chat service (rota, chat hours, the all-libraries page) instead of a campus',
      '  --limit N           at most N edits (default 20, up to 1000)',
      ...helpFooter(args),
    ].join('\n'),
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: { campus: { type: 'string' }, 'chat-service': { type: 'boolean' }, limit: { type: 'string' }, ...COMMON_FLAGS },
      strict: true,
      allowPositionals: false,
    });
    if ((values.campus === undefined) === !values['chat-service']) throw new UsageError('give --campus C or --chat-service (npm run server -- directory-edits --help)');
    const limit = Number(values.limit ?? '20');
    if (!/^\d{1,4}$/.test(values.limit ?? '20') || limit < 1 || limit > 1000) throw new UsageError(`--limit must be a number from 1 to 1000, got "${values.limit}"`);
    const { dbPath, configPath } = common(values);
    const db = openDatabase(dbPath);
    try {
      const directory = new CampusDirectory(db, loadCampusSeed(configPath), Date.now());
      if (values.campus !== undefined && !directory.get(values.campus)) {
        throw new UsageError(`unknown campus "${values.campus}"; known campuses: ${directory.list().map((c) => c.id).join(', ')}`);
      }
      const target = values.campus ?? CHAT_SERVICE_TARGET;
      const edits = directory.edits(target, limit);
      const name = values.campus !== undefined ? (directory.get(values.campus)?.name ?? values.campus) : 'the chat service';
      process.stdout.write(edits.length === 0 ? `${name}: no edits made in the app\n` : `${name}: ${edits.length} edit${edits.length === 1 ? '' : 's'}, newest first\n${edits.map(formatEdit).join('\n')}\n`);
    } finally {
      db.close();
    }
  },
};
