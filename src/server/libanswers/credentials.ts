import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { DeskbellServerError } from '../platform/errors';
import type { LibAnswersCredentials } from './client';

/**
 * Where LibAnswers credentials come from: two environment variables (by default
 * DESKBELL_LIBANSWERS_CLIENT_ID and DESKBELL_LIBANSWERS_CLIENT_SECRET), or a JSON file
 * `{"clientId": "...", "clientSecret": "..."}` kept outside any repository. Never the config itself.
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

const CredentialsFile = z.object({ clientId: z.string().min(1).max(500), clientSecret: z.string().min(1).max(500) }).strict();

export function resolveCredentials(spec: CredentialsSpec, env: NodeJS.ProcessEnv = process.env): LibAnswersCredentials {
  if ('file' in spec) {
    const repo = repositoryOf(spec.file);
    if (repo) throw new DeskbellServerError('invalid_config', `the credentials file ${spec.file} is inside the repository ${repo}: keep credentials outside any repository`);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(spec.file, 'utf8'));
    } catch (error) {
      throw new DeskbellServerError('invalid_config', `cannot read the credentials file ${spec.file}: ${(error as Error).message}`, { cause: error });
    }
    const parsed = CredentialsFile.safeParse(data);
    if (!parsed.success) throw new DeskbellServerError('invalid_config', `the credentials file ${spec.file} must be {"clientId": "...", "clientSecret": "..."}`);
    return parsed.data;
  }
  const clientId = env[spec.clientIdEnv];
  const clientSecret = env[spec.clientSecretEnv];
  if (!clientId || !clientSecret) throw new DeskbellServerError('invalid_config', `set ${spec.clientIdEnv} and ${spec.clientSecretEnv} (LibAnswers API client credentials), or use a credentials file`);
  return { clientId, clientSecret };
}
