/**
 * The backend's command line. Every command answers --help at once, listing every flag and
 * environment variable; mistakes get one clear line and exit code 2.
 *
 *   npm run server -- [serve] [--port N] [--host H] [--db PATH] [--config PATH] [--trust-proxy] [--limit NAME=N ...] [--log-level L]
 *   npm run server -- add-operator --username U --name "N" --campus C [--admin] [--db PATH] [--config PATH]
 *   npm run server -- set-role --username U --role admin|librarian [--db PATH]
 *   npm run server -- directory-edits (--campus C | --chat-service) [--limit N] [--db PATH] [--config PATH]
 *   npm run server -- import-faqs --campus C (--csv FILE | --json FILE | --libanswers URL [--group ID] [--credentials FILE]) [--keep-missing | --allow-deletions] [--db PATH] [--config PATH]
 */
import { parseArgs } from 'node:util';
import { loadCampusConfig, loadCampusSeed } from './campuses/config';
import { CampusDirectory, CHAT_SERVICE_TARGET, type DirectoryEdit } from './campuses/directory';
import { FaqStore } from './faqs/faq-store';
import { DEFAULT_CREDENTIALS, FaqSource, loadFaqImportPlan, loadFaqs, sourceLabel } from './faqs/sources';
import { openDatabase } from './platform/db';
import { isServerError } from './platform/errors';
import { jsonLog, LOG_LEVELS } from './platform/json-log';
import { LimitFields, Limits } from './platform/limits';
import type { LogLevel } from './platform/log';
import { AccountStore } from './session/accounts';
import { startServer } from './index';
import { loadTicketDeliveryPlan } from './tickets/delivery/config';

/** Whole seconds within bounds, or a usage error naming the flag. */
function parseSeconds(raw: string, flag: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new UsageError(`${flag} must be whole seconds from ${min} to ${max}, got "${raw}"`);
  return n;
}

const DEFAULT_CONFIG = 'config/campuses.json';

class UsageError extends Error {}

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

function common(values: { db?: string; config?: string }): { dbPath: string; configPath: string } {
  return {
    dbPath: values.db ?? process.env.DESKBELL_DB ?? './deskbell.db',
    configPath: values.config ?? process.env.DESKBELL_CONFIG ?? DEFAULT_CONFIG,
  };
}

/** The campus ids a librarian may be added at, from the config the command would use. */
function campusIdsFor(args: string[]): string {
  const at = args.indexOf('--config');
  const path = (at >= 0 ? args[at + 1] : undefined) ?? process.env.DESKBELL_CONFIG ?? DEFAULT_CONFIG;
  try {
    return loadCampusConfig(path)
      .map((c) => c.id)
      .join(', ');
  } catch (error) {
    return `(cannot read ${path}: ${(error as Error).message})`;
  }
}

function serveHelp(args: string[]): string {
  const defaults = Limits.parse({});
  return [
    'usage: npm run server -- [serve] [options]',
    '',
    'Runs the Deskbell backend: HTTP and websockets on one port, the patron widget at /widget?campus=<id>.',
    '',
    'options (each with its environment variable; the flag wins):',
    '  --port N            DESKBELL_PORT           port to listen on (default 8080; 0 picks a free one)',
    '  --host H            DESKBELL_HOST           address to bind (default 127.0.0.1; put a TLS proxy in front)',
    '  --db PATH           DESKBELL_DB             SQLite database file (default ./deskbell.db)',
    `  --config PATH       DESKBELL_CONFIG         campus config, the seed for a new database (default ${DEFAULT_CONFIG})`,
    '  --trust-proxy       DESKBELL_TRUST_PROXY=1  the server is reachable ONLY through one reverse proxy that sets',
    '                                              X-Forwarded-For: per-address limits count the address that proxy saw',
    '                                              (the last hop). Without it, every client behind a proxy shares the',
    "                                              proxy's address. Never set it when clients can connect directly.",
    '  --limit NAME=N      DESKBELL_LIMITS="NAME=N,NAME=N"  change one limit; repeatable. Limits and defaults:',
    ...Object.keys(Limits.shape).map((name) => `                        ${name}=${defaults[name as keyof typeof defaults]}`),
    `  --log-level L       DESKBELL_LOG_LEVEL      ${LOG_LEVELS.join(', ')} (default info); logs are JSON lines on stderr`,
    '                      DESKBELL_WAITING_FEED_KEY  a secret: desks read GET /api/waiting with it while nobody is signed in',
    '                                              (so a desk IT set to ring between shifts can); unset, the feed is off',
    '  --faq-imports PATH  DESKBELL_FAQ_IMPORTS    scheduled FAQ imports per campus, a JSON file:',
    '                        {"version":1,"imports":[{"campus":"tunxis","everyMinutes":360,"source":{"kind":"libanswers",',
    '                        "baseUrl":"https://SITE.libanswers.com","groupId":123}}]} (also kind csv or json, with "path");',
    '                        LibAnswers credentials from DESKBELL_LIBANSWERS_CLIENT_ID and _SECRET, or per source',
    '                        "credentials":{"file":"/etc/deskbell/libanswers.json"} ({"client_id":"...","client_secret":"..."},',
    '                        outside any repository). A scheduled import that would delete every FAQ of a campus, or most',
    '                        of a long list, is refused and logged: run import-faqs --allow-deletions if that is meant',
    '  --ticket-delivery PATH  DESKBELL_TICKET_DELIVERY  where each campus\'s tickets go besides Deskbell, a JSON file:',
    '                        {"version":1,"campuses":[{"campus":"tunxis","email":"tickets@tunxis.example.edu",',
    '                        "libanswers":{"baseUrl":"https://SITE.libanswers.com","queueId":1234}}]} (both optional per campus;',
    '                        LibAnswers credentials as for FAQ imports, or "credentials":{"file":"/etc/deskbell/la.json"})',
    '                      DESKBELL_SMTP_HOST      the SMTP server all email goes through: tickets to campus ticket addresses',
    '                                              and incident reports to campus directors (unset: no email; tickets and',
    '                                              reports are still kept, GET /api/incidents for admins); with it:',
    '                      DESKBELL_SMTP_FROM      the sender, e.g. "Deskbell <deskbell@library.example.edu>" (required)',
    '                      DESKBELL_SMTP_PORT      default 587; DESKBELL_SMTP_SECURE=1 for TLS from the start (port 465)',
    '                      DESKBELL_SMTP_USER, DESKBELL_SMTP_PASSWORD  when the server wants a sign-in (both or neither)',
    '                      DESKBELL_SMTP_REQUIRE_TLS=1  refuse to send without STARTTLS (set it unless the relay is local)',
    '  --transfer-accept-seconds N  DESKBELL_TRANSFER_ACCEPT_SECONDS  how long a librarian has to accept a transfer (default 60)',
    '  --chat-hours H      DESKBELL_CHAT_HOURS     directory (default: the widget is closed outside the chat service\'s hours',
    '                                              and offers a ticket) or always-open',
    '  --help                                      this text',
    '',
    `campus ids: ${campusIdsFor(args)}`,
    '',
    'Other commands (each answers --help): add-operator, set-role, import-faqs, directory-edits',
    '',
  ].join('\n');
}

function addOperatorHelp(args: string[]): string {
  return [
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
    '  --db PATH           DESKBELL_DB       the same database the server uses (default ./deskbell.db)',
    `  --config PATH       DESKBELL_CONFIG   campus config (default ${DEFAULT_CONFIG})`,
    '  --help              this text',
    '',
    `campus ids: ${campusIdsFor(args)}`,
    '',
  ].join('\n');
}

function setRoleHelp(): string {
  return [
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
  ].join('\n');
}

function importFaqsHelp(args: string[]): string {
  return [
    'usage: npm run server -- import-faqs --campus C (--csv FILE | --json FILE | --libanswers URL [--group ID] [--credentials FILE])',
    '                                     [--keep-missing | --allow-deletions] [--db PATH] [--config PATH]',
    '',
    "Replaces one campus's FAQs with the source's (a running server notices within seconds and tells every desk).",
    'Importing the same data twice changes nothing. An import that would delete every FAQ of the campus, or more',
    'than half of a list of 20 or more, is refused and changes nothing (an empty page or a header-only file is',
    'more likely a broken source than a real clean-up); so is a LibAnswers listing that repeats a page or sends',
    'fewer FAQs than the site says it holds. Refusals are recorded in the import log (faq_imports).',
    '',
    'options:',
    '  --campus C          the campus whose FAQs these are (see below)',
    '  --csv FILE          a CSV file with a header row: question, answer, topics, url (and optionally id, updated)',
    '  --json FILE         a JSON file: [{question, answer, topics, url, id?, updated?}]',
    '                      an FAQ without an id gets one made from its question, the same on every import (a',
    '                      question repeated in the file is numbered in file order): keep ids if questions get reworded',
    '  --libanswers URL    a LibAnswers site, https://SITE.libanswers.com: client_credentials token, then every page of /api/1.1/faqs',
    '  --group ID          the LibAnswers group to read (default: all the credentials may see)',
    '  --credentials FILE  a JSON file {"client_id": "...", "client_secret": "..."} (clientId and clientSecret also',
    '                      accepted) outside any git repository; default: the environment variables',
    '                      DESKBELL_LIBANSWERS_CLIENT_ID and DESKBELL_LIBANSWERS_CLIENT_SECRET',
    "  --keep-missing      keep FAQs the source no longer lists (default: they are deleted, leaving tombstones)",
    '  --allow-deletions   delete what the source no longer lists even when that is every FAQ of the campus or',
    '                      more than half of a long list (check the source first: this is what the refusal guards)',
    '  --db PATH           DESKBELL_DB       the same database the server uses (default ./deskbell.db)',
    `  --config PATH       DESKBELL_CONFIG   campus config (default ${DEFAULT_CONFIG})`,
    '  --help              this text',
    '',
    `campus ids: ${campusIdsFor(args)}`,
    '',
  ].join('\n');
}

function directoryEditsHelp(args: string[]): string {
  return [
    'usage: npm run server -- directory-edits (--campus C | --chat-service) [--limit N] [--db PATH] [--config PATH]',
    '',
    "Who changed a campus's directory entry (or the chat service) in the app, when, and each field's value",
    'before and after, newest first. Safe to run next to a running server.',
    '',
    'options:',
    '  --campus C          the campus (see below)',
    '  --chat-service      the chat service (rota, chat hours, the all-libraries page) instead of a campus',
    '  --limit N           at most N edits (default 20, up to 1000)',
    '  --db PATH           DESKBELL_DB       the same database the server uses (default ./deskbell.db)',
    `  --config PATH       DESKBELL_CONFIG   campus config (default ${DEFAULT_CONFIG})`,
    '  --help              this text',
    '',
    `campus ids: ${campusIdsFor(args)}`,
    '',
  ].join('\n');
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new UsageError(`port must be a number from 0 to 65535, got "${text}"`);
  return Number(text);
}

function parseLogLevel(flag: string | undefined): LogLevel {
  const level = flag ?? process.env.DESKBELL_LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`log level must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  return level as LogLevel;
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
  const checked = LimitFields.partial().safeParse(limits);
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
      admin: { type: 'boolean' },
      db: { type: 'string' },
      config: { type: 'string' },
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
}

async function setRole(args: string[]): Promise<void> {
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
}

/**
 * One campus's whole FAQ list into the database, next to a running server or not: the server
 * notices the new revision within seconds and tells every desk.
 */
async function importFaqs(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      campus: { type: 'string' },
      csv: { type: 'string' },
      json: { type: 'string' },
      libanswers: { type: 'string' },
      group: { type: 'string' },
      credentials: { type: 'string' },
      'keep-missing': { type: 'boolean' },
      'allow-deletions': { type: 'boolean' },
      db: { type: 'string' },
      config: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.campus) throw new UsageError('--campus is required');
  if (values['keep-missing'] && values['allow-deletions']) throw new UsageError('--keep-missing deletes nothing, so --allow-deletions makes no sense with it: give one');
  const given = [values.csv, values.json, values.libanswers].filter((v) => v !== undefined).length;
  if (given !== 1) throw new UsageError('give exactly one source: --csv FILE, --json FILE or --libanswers URL');
  if (values.group !== undefined && !/^\d{1,12}$/.test(values.group)) throw new UsageError('--group must be a LibAnswers group id (a number)');
  const parsedSource = FaqSource.safeParse(
    values.csv !== undefined
      ? { kind: 'csv', path: values.csv }
      : values.json !== undefined
        ? { kind: 'json', path: values.json }
        : {
            kind: 'libanswers',
            baseUrl: values.libanswers,
            ...(values.group !== undefined ? { groupId: Number(values.group) } : {}),
            credentials: values.credentials ? { file: values.credentials } : DEFAULT_CREDENTIALS,
          },
  );
  if (!parsedSource.success) throw new UsageError(`the source is invalid: ${parsedSource.error.issues.map((i) => `${i.path.join('.') || 'source'}: ${i.message}`).join('; ')}`);
  const source = parsedSource.data;
  const { dbPath, configPath } = common(values);
  const db = openDatabase(dbPath);
  try {
    const directory = new CampusDirectory(db, loadCampusSeed(configPath), Date.now());
    if (!directory.get(values.campus)) throw new UsageError(`unknown campus "${values.campus}"; known campuses: ${directory.list().map((c) => c.id).join(', ')}`);
    const store = new FaqStore(db);
    const label = sourceLabel(source);
    try {
      const faqs = await loadFaqs(values.campus, source);
      const counts = store.replaceCampus(values.campus, label, faqs, Date.now(), {
        keepMissing: values['keep-missing'] ?? false,
        allowDeletions: values['allow-deletions'] ?? false,
      });
      process.stdout.write(
        `${values.campus}: ${counts.added} added, ${counts.updated} updated, ${counts.deleted} deleted, ${counts.unchanged} unchanged (FAQ revision ${counts.rev})\n`,
      );
    } catch (error) {
      store.recordFailure(values.campus, label, Date.now(), (error as Error).message);
      throw error;
    }
  } finally {
    db.close();
  }
}

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
async function directoryEdits(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { campus: { type: 'string' }, 'chat-service': { type: 'boolean' }, limit: { type: 'string' }, db: { type: 'string' }, config: { type: 'string' } },
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
      'log-level': { type: 'string' },
      'faq-imports': { type: 'string' },
      'ticket-delivery': { type: 'string' },
      'transfer-accept-seconds': { type: 'string' },
      'chat-hours': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const { dbPath, configPath } = common(values);
  const trustProxy = parseTrustProxy(values['trust-proxy']);
  const limits = parseLimits(values.limit);
  const port = parsePort(values.port ?? process.env.DESKBELL_PORT ?? '8080');
  const host = values.host ?? process.env.DESKBELL_HOST ?? '127.0.0.1';
  const log = jsonLog(parseLogLevel(values['log-level']));
  const planPath = values['faq-imports'] ?? process.env.DESKBELL_FAQ_IMPORTS;
  const faqImports = planPath ? loadFaqImportPlan(planPath) : undefined;
  // A secret, so it comes from the environment (or the service's EnvironmentFile), never a flag in `ps`.
  const waitingFeedKey = process.env.DESKBELL_WAITING_FEED_KEY?.trim() || null;
  const deliveryPath = values['ticket-delivery'] ?? process.env.DESKBELL_TICKET_DELIVERY;
  const ticketDelivery = deliveryPath ? loadTicketDeliveryPlan(deliveryPath) : null;
  const acceptSeconds = values['transfer-accept-seconds'] ?? process.env.DESKBELL_TRANSFER_ACCEPT_SECONDS;
  const transferAcceptMs = acceptSeconds === undefined ? undefined : parseSeconds(acceptSeconds, '--transfer-accept-seconds', 1, 900) * 1000;
  const chatHours = values['chat-hours'] ?? process.env.DESKBELL_CHAT_HOURS ?? 'directory';
  if (chatHours !== 'directory' && chatHours !== 'always-open') throw new UsageError(`--chat-hours must be directory or always-open, got "${chatHours}"`);
  // SMTP comes from the environment (DESKBELL_SMTP_*): startServer reads it when none is passed.
  const server = await startServer({
    host,
    port,
    dbPath,
    configPath,
    trustProxy,
    limits,
    waitingFeedKey,
    log,
    ticketDelivery,
    chatHours,
    ...(transferAcceptMs === undefined ? {} : { transferAcceptMs }),
    ...(faqImports ? { faqImports } : {}),
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
}

const COMMANDS = {
  serve: { run: serve, help: serveHelp },
  'add-operator': { run: addOperator, help: addOperatorHelp },
  'set-role': { run: setRole, help: setRoleHelp },
  'import-faqs': { run: importFaqs, help: importFaqsHelp },
  'directory-edits': { run: directoryEdits, help: directoryEditsHelp },
} as const;
type CommandName = keyof typeof COMMANDS;
const isCommand = (name: string | undefined): name is CommandName => name !== undefined && Object.hasOwn(COMMANDS, name);

async function main(argv: string[]): Promise<void> {
  const command: CommandName = isCommand(argv[0]) ? argv[0] : 'serve';
  const rest = argv[0] === command ? argv.slice(1) : argv;
  if (rest.some((arg) => HELP_FLAGS.has(arg)) || (argv[0] === 'help' && argv.length === 1)) {
    process.stdout.write(COMMANDS[command].help(rest));
    return;
  }
  return COMMANDS[command].run(rest);
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
