/**
 * The backend's systemd unit (deploy/deskbell-server.service): systemd itself checks that it
 * parses with no unknown or misplaced directive, and rates how exposed the service is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const UNIT = 'deploy/deskbell-server.service';
const text = readFileSync(UNIT, 'utf8');
const hasSystemd = spawnSync('systemd-analyze', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'deskbell-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The unit as shipped, except that its program is one that exists here (the checkout is in /opt/deskbell on a server). */
function checkable(): string {
  const file = join(dir, 'deskbell-server.service');
  writeFileSync(file, text.replace(/^ExecStart=\S+/m, 'ExecStart=/bin/true'));
  return file;
}

const directive = (name: string) => text.match(new RegExp(`^${name}=(.*)$`, 'gm'))?.map((line) => line.slice(name.length + 1)) ?? [];

describe('the backend service unit', () => {
  it('runs the server as its own user, on loopback behind the TLS proxy, writing only its state folder', () => {
    expect(directive('User')).toEqual(['deskbell']);
    expect(directive('ExecStart')[0]).toMatch(/src\/server\/cli\.ts --host 127\.0\.0\.1 .*--db \/var\/lib\/deskbell\/deskbell\.db --trust-proxy loopback$/);
    expect(directive('StateDirectory')).toEqual(['deskbell']);
    expect(directive('ProtectSystem')).toEqual(['strict']);
    for (const name of ['NoNewPrivileges', 'PrivateTmp', 'PrivateDevices', 'ProtectHome', 'RestrictSUIDSGID', 'LockPersonality']) expect(directive(name)).toEqual(['yes']);
    expect(directive('CapabilityBoundingSet')).toEqual(['']);
    expect(directive('RestrictAddressFamilies')).toEqual(['AF_INET AF_INET6 AF_UNIX']);
    // Node's JIT needs writable executable memory: this one would stop the server from starting.
    expect(directive('MemoryDenyWriteExecute')).toEqual([]);
  });

  it.skipIf(!hasSystemd)('passes systemd-analyze verify with nothing to say', () => {
    const result = spawnSync('systemd-analyze', ['verify', checkable()], { encoding: 'utf8' });
    expect(result.stderr.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it.skipIf(!hasSystemd)('is rated as little exposed by systemd-analyze security', () => {
    const result = spawnSync('systemd-analyze', ['security', '--offline=yes', checkable()], { encoding: 'utf8' });
    const level = /Overall exposure level for .*: (\d+(?:\.\d+)?)/.exec(result.stdout)?.[1];
    expect(level, result.stdout + result.stderr).toBeDefined();
    // 0 is fully locked down, 10 is a service with no hardening; systemd calls up to 4.9 "OK".
    expect(Number(level)).toBeLessThanOrEqual(2);
  });
});
