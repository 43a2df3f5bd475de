import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLibrarianDir, librarianDir, librarianFolderName } from '../../src/main/core/librarians/librarian-dir';

const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-librarians-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("a librarian's own folder on a shared desk PC", () => {
  it('is <dataDir>/librarians/<operatorId>/ for the ids the backend makes', () => {
    expect(librarianDir(dataDir, 'op_Ab3-x_9')).toBe(join(dataDir, 'librarians', 'op_Ab3-x_9'));
  });

  it('is one folder per librarian', () => {
    expect(librarianDir(dataDir, 'op_a')).not.toBe(librarianDir(dataDir, 'op_b'));
  });

  it('never lets an id name a path outside the librarians folder', () => {
    for (const id of ['..', '../..', 'a/b', 'a\\b', '.', 'x'.repeat(65), 'op a', 'C:']) {
      const name = librarianFolderName(id);
      expect(name).toMatch(/^id-[0-9a-f]{40}$/);
      const rel = relative(join(dataDir, 'librarians'), librarianDir(dataDir, id));
      expect(rel.split(sep)).toHaveLength(1);
    }
    expect(librarianFolderName('..')).not.toBe(librarianFolderName('.'));
    expect(() => librarianDir(dataDir, '')).toThrow();
  });

  it('is created for this OS user only', () => {
    const dir = ensureLibrarianDir(dataDir, 'op_c');
    expect(statSync(dir).isDirectory()).toBe(true);
    if (process.platform !== 'win32') expect(statSync(dir).mode & 0o077).toBe(0);
    expect(ensureLibrarianDir(dataDir, 'op_c')).toBe(dir);
  });
});
