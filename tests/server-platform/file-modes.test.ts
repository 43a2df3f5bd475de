/**
 * Files at rest: the backend's database (and its -wal and -shm) is readable by its owner alone,
 * whether the service or a command of the CLI made it, and a LibAnswers credentials file others
 * can read is refused with how to fix it. POSIX modes: skipped on Windows, which has none (there
 * the folder's ACL keeps them private).
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server';
import { resolveCredentials } from '../../src/server/libanswers/credentials';
import { openDatabase } from '../../src/server/platform/db';
import { runServerCli } from '../support/server-cli';

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
const filesOf = (db: string): string[] => [db, `${db}-wal`, `${db}-shm`];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-modes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('the database', () => {
  it('made by a command of the CLI is 0600', async () => {
    const db = join(dir, 'cli', 'desk.db');
    const run = await runServerCli(['add-operator', '--username', 'ada', '--name', 'Ada Lovelace', '--campus', 'tunxis', '--db', db], {
      env: { DESKBELL_PASSWORD: 'a-password-for-tests-1' },
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(modeOf(db)).toBe('0600');
  });

  it('and its -wal and -shm, while the service has them open, are 0600', async () => {
    const db = join(dir, 'service', 'desk.db');
    const server = await startServer({ dbPath: db, port: 0, log: () => undefined, smtp: null });
    try {
      for (const file of filesOf(db)) {
        expect(existsSync(file), file).toBe(true);
        expect(modeOf(file), file).toBe('0600');
      }
    } finally {
      await server.close();
    }
  });

  it('made readable by others before is tightened when opened', () => {
    const db = join(dir, 'old.db');
    openDatabase(db).close();
    chmodSync(db, 0o644);
    const open = openDatabase(db);
    try {
      open.prepare('CREATE TABLE IF NOT EXISTS probe (x)').run();
      for (const file of filesOf(db)) expect(modeOf(file), file).toBe('0600');
    } finally {
      open.close();
    }
  });
});

describe.skipIf(process.platform === 'win32')('a LibAnswers credentials file', () => {
  const write = (name: string, mode: number): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify({ client_id: 'deskbell', client_secret: 'a-secret-for-tests' }));
    chmodSync(path, mode);
    return path;
  };

  it.each(['0644', '0640', '0604', '0660', '0666'])('that others can read (%s) is refused, saying chmod 600', (mode) => {
    const path = write(`open-${mode}.json`, parseInt(mode, 8));
    expect(() => resolveCredentials({ file: path })).toThrow(`can be read by others (mode ${mode}): run chmod 600 ${path}`);
  });

  it.each(['0600', '0400'])('readable by its owner alone (%s) is read', (mode) => {
    const path = write(`private-${mode}.json`, parseInt(mode, 8));
    expect(resolveCredentials({ file: path })).toEqual({ clientId: 'deskbell', clientSecret: 'a-secret-for-tests' });
  });

  it('refuses an import before anything is asked of the site', async () => {
    const path = write('import.json', 0o644);
    const server = await startServer({ dbPath: join(dir, 'import', 'desk.db'), port: 0, log: () => undefined, smtp: null });
    try {
      await expect(server.importFaqs('tunxis', { kind: 'libanswers', baseUrl: 'https://tunxis.libanswers.example', credentials: { file: path } })).rejects.toMatchObject({
        code: 'invalid_config',
        message: expect.stringContaining(`chmod 600 ${path}`),
      });
    } finally {
      await server.close();
    }
  });
});
