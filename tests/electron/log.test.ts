import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileLog } from '../../src/main/electron/log';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(maxBytes = 10_000) {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-log-'));
  dirs.push(dir);
  const log = createFileLog({ dir, minLevel: 'info', now: () => Date.UTC(2025, 0, 6, 9, 0, 0), maxBytes });
  return { dir, log, file: join(dir, 'deskbell.log') };
}

describe('file log', () => {
  it('writes one JSON line per entry at or above the level', () => {
    const { log, file } = setup();
    log('debug', 'not kept');
    log('info', 'started', { demo: true });
    log('error', 'core stop failed', { error: 'timeout' });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { at: '2025-01-06T09:00:00.000Z', level: 'info', message: 'started', data: { demo: true } },
      { at: '2025-01-06T09:00:00.000Z', level: 'error', message: 'core stop failed', data: { error: 'timeout' } },
    ]);
  });

  it('starts a new file past the size cap, keeping one old one', () => {
    const { log, file, dir } = setup(1_000);
    for (let i = 0; i < 50; i += 1) log('info', `entry ${i}`, { padding: 'x'.repeat(50) });
    expect(existsSync(join(dir, 'deskbell.old.log'))).toBe(true);
    expect(readFileSync(file, 'utf8').length).toBeLessThanOrEqual(1_000);
    expect(readFileSync(file, 'utf8')).toContain('entry 49');
  });

  it('survives unserialisable data', () => {
    const { log, file } = setup();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => log('warn', 'odd', circular)).not.toThrow();
    expect(readFileSync(file, 'utf8')).toContain('[unserialisable]');
  });
});
