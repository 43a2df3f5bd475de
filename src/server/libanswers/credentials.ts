import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { DeskbellServerError } from '../platform/errors';
import type { LibAnswersCredentials } from './client';
import { messageOf } from '../../shared/narrow';

/**
 * Where LibAnswers credentials come from: two environment variables (by default
 * DESKBELL_LIBANSWERS_CLIENT_ID and DESKBELL_LIBANSWERS_CLIENT_SECRET), or a JSON file
 * `{"client_id": "...", "client_secret": "..."}` (LibAnswers' own names; clientId and
 * clientSecret also do) kept outside any repository. Never the config itself.
 */
export const CredentialsSpec = z.union([
  z.object({ clientIdEnv: z.string().regex(/^[A-Z_][A-Z0-9_]{0,63}$/), clientSecretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]{0,63}$/) }).strict(),
  z.object({ file: z.string().min(1).max(1000) }).strict(),
]);
export type CredentialsSpec = z.infer<typeof CredentialsSpec>;

export const DEFAULT_CREDENTIALS: CredentialsSpec = { clientIdEnv: 'DESKBELL_LIBANSWERS_CLIENT_ID', clientSecretEnv: 'DESKBELL_LIBANSWERS_CLIENT_SECRET' };

/** The repository (a folder with .git) a path lies in, if any. */
function repositoryOf(path: string): string | null {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

const Secret = z.string().min(1).max(500);
const CredentialsFile = z.union([
  z.object({ client_id: Secret, client_secret: Secret }).strict().transform((c) => ({ clientId: c.client_id, clientSecret: c.client_secret })),
  z.object({ clientId: Secret, clientSecret: Secret }).strict(),
]);

/**
 * Why a credentials file is not JSON, without quoting any of it: the parser's own message
 * shows a piece of the text, which would put the secret into the import log, the server's
 * logs and the CLI's output. Only where (line and column) is kept, when the parser says.
 */
function notJson(path: string, text: string, error: unknown): string {
  const position = /\bposition (\d+)/.exec(messageOf(error))?.[1];
  if (position === undefined) return `the credentials file ${path} is not valid JSON`;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `the credentials file ${path} is not valid JSON (line ${line}, column ${column})`;
}

/**
 * The credentials file's text, read only if no one but its owner may read it: on POSIX a file
 * with any group or other permission bit is refused, saying how to fix it. The mode is checked on
 * the descriptor that is read, so the file cannot be swapped between the check and the read.
 * (Windows has no mode bits to check: there its folder's ACL is what keeps it private.)
 */
function readPrivateFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new DeskbellServerError('invalid_config', `cannot read the credentials file ${path}: ${messageOf(error)}`, { cause: error });
  }
  try {
    const mode = fstatSync(fd).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new DeskbellServerError(
        'invalid_config',
        `the credentials file ${path} can be read by others (mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 ${path} (owned by the user the service runs as)`,
      );
    }
    return readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof DeskbellServerError) throw error;
    throw new DeskbellServerError('invalid_config', `cannot read the credentials file ${path}: ${messageOf(error)}`, { cause: error });
  } finally {
    closeSync(fd);
  }
}

export function resolveCredentials(spec: CredentialsSpec, env: NodeJS.ProcessEnv = process.env): LibAnswersCredentials {
  if ('file' in spec) {
    const repo = repositoryOf(spec.file);
    if (repo) throw new DeskbellServerError('invalid_config', `the credentials file ${spec.file} is inside the repository ${repo}: keep credentials outside any repository`);
    const text = readPrivateFile(spec.file);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      // No `cause`: the parser's message quotes the file.
      throw new DeskbellServerError('invalid_config', notJson(spec.file, text, error));
    }
    const parsed = CredentialsFile.safeParse(data);
    if (!parsed.success) throw new DeskbellServerError('invalid_config', `the credentials file ${spec.file} must be {"client_id": "...", "client_secret": "..."}`);
    return parsed.data;
  }
  const clientId = env[spec.clientIdEnv];
  const clientSecret = env[spec.clientSecretEnv];
  if (!clientId || !clientSecret) throw new DeskbellServerError('invalid_config', `set ${spec.clientIdEnv} and ${spec.clientSecretEnv} (LibAnswers API client credentials), or use a credentials file`);
  return { clientId, clientSecret };
}
